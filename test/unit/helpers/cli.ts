// Runs the built CLI (dist/cli.js) as a real child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tempDir } from './temp';
import { join, resolve } from 'node:path';

export const CLI = resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** English messages whatever the caller's locale, unless `env` names one (the Japanese CLI has its own test). */
function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LC_ALL, LC_MESSAGES, ...rest } = process.env;
  void LC_ALL;
  void LC_MESSAGES;
  return { ...rest, LANG: 'C', ...env };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: cliEnv(env), cwd, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function lastJson(stdout: string): any {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

/** A temporary workspace holding search.json with the given spec (removed when the process exits). */
export function workspaceWith(spec: object): { dir: string; specPath: string; runs: string } {
  const dir = tempDir('hpl-ws-');
  const specPath = join(dir, 'search.json');
  writeFileSync(specPath, JSON.stringify(spec, null, 2));
  return { dir, specPath, runs: join(dir, 'runs') };
}

/** The book's experiment, reduced to fit a unit test. */
export function smallBookSpec(trials = 4, epochs = 3, backend = 'wasm'): object {
  return {
    name: 'small-book',
    data: { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 },
    model: { hiddenSizes: [100, 100, 100, 100, 100, 100], activation: 'relu', weightInit: 'he' },
    training: { epochs, batchSize: 100, optimizer: 'sgd' },
    search: {
      method: 'random',
      trials,
      seed: 1,
      params: { 'training.weightDecay': { log10: [-8, -4] }, 'training.lr': { log10: [-3, -1.5] } },
    },
    run: { workers: 2, backend },
  };
}
