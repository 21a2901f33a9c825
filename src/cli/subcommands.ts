// The CLI's commands other than run/resume: each lives in its own file and is listed here.
// A command gets the arguments after its name and returns the exit code; bad usage throws UsageError.

import { workerCommand } from './worker';
import { narrowCommand } from './narrow';
import { roundsCommand } from './rounds';
import { testCommand } from './test-set';
import { reportCommand } from './report';

/** Bad usage: main prints the message and the usage, exit code 2. */
export class UsageError extends Error {}

export interface Subcommand {
  /** Synopsis line (syntax, not translated) and its explanation (translated by the command's file). */
  synopsis: string;
  explain: () => string;
  main: (args: string[]) => Promise<number>;
}

/** Name → command. Add a line here for each new command. */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  worker: workerCommand,
  narrow: narrowCommand,
  rounds: roundsCommand,
  test: testCommand,
  report: reportCommand,
};
