// What a report shows, read from a run folder: the run, its notes, the rounds that led to it, the
// importance of its params and the test accuracy `hparam-lab test` stored. Reading is separate from
// drawing so tests can build a report from a folder and check what it holds.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readRun, type RunInfo } from '../core/runs/store';
import { readNotes, type RunNotes } from '../core/runs/notes';
import { compareRounds, roundsOf, scoredTrials, type RoundSummary } from '../core/runs/rounds';
import { paramImportance } from '../core/search/importance';
import type { TrialRecord } from '../core/runs/events';
import { lastValAcc } from '../core/search/objective';
import { TEST_FILE, type TestReport } from '../core/runs/test-report';

/** The rounds table's top K, as `hparam-lab rounds` prints by default. */
export const ROUNDS_TOP = 10;

export interface TestResult {
  trial: number;
  testAcc: number;
}

export interface ReportData {
  run: RunInfo;
  /** Finished trials with a val acc, best first (the book's ranking). */
  ranked: (TrialRecord & { valAcc: number })[];
  notes: RunNotes;
  /** Empty below 2 finished trials. */
  importance: Record<string, number>;
  /** One per round of the lineage; just this run's when it is round 1. */
  rounds: RoundSummary[];
  /** From <run>/test.json; undefined when the run has not been tested. */
  test?: TestResult[];
}

export class NotARunError extends Error {
  constructor(readonly dir: string) {
    super(`${dir} is not a run folder (it has no spec.json): give a folder under .hparam-lab/runs`);
  }
}

/** The tested trials in <run>/test.json (a TestReport, written by `hparam-lab test`; a bare list of
 * its trials is read too); entries without both numbers are skipped. */
export function readTestResults(dir: string): TestResult[] | undefined {
  const file = join(dir, TEST_FILE);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file} is damaged (${e instanceof Error ? e.message : String(e)}); run hparam-lab test again or delete it`);
  }
  const list: unknown = Array.isArray(data) ? data : (data as Partial<TestReport> | null)?.trials;
  if (!Array.isArray(list)) return [];
  return list
    .map((e) => e as { trial?: unknown; testAcc?: unknown })
    .filter((e): e is TestResult => Number.isSafeInteger(e.trial) && typeof e.testAcc === 'number' && Number.isFinite(e.testAcc));
}

export function readReportData(runDir: string): ReportData {
  const dir = resolve(runDir);
  if (!existsSync(join(dir, 'spec.json'))) throw new NotARunError(dir);
  const run = readRun(dir);
  const ranked = scoredTrials(run).map((t) => ({ ...t, valAcc: lastValAcc(t)! }));
  return {
    run,
    ranked,
    notes: readNotes(dir),
    importance: paramImportance(run.trials, run.spec.search.params),
    rounds: compareRounds(roundsOf(dirname(dir), run), ROUNDS_TOP),
    test: readTestResults(dir),
  };
}
