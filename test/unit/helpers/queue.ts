// Coordinators and workers of the queue tests as real processes of the built CLI, on a
// redis-server of the test's own (./redis-server.ts).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, spawnCli, workspaceWith } from './cli';
import { readTrialLog } from '../../../src/core/runs/jsonl';
import type { TrialEvent } from '../../../src/core/runs/events';
import { readFileSync } from 'node:fs';

/** Short locks and lifetimes, so that a stalled job or a dead coordinator shows within seconds. */
export const FAST = { HPL_QUEUE_TIMING: '2000,500,2000' };

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export interface Proc {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** A CLI process with the tests' short timings (and `env`, e.g. a locale). */
export function start(args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawnCli(args, { ...FAST, ...env });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = once(child, 'exit').then(([code]) => (children.delete(child), code as number | null));
  return { child, stderr: () => err, stdout: () => out, exited };
}

/** `n` workers of one thread each; resolves once each says it waits for trials. */
export async function startWorkers(url: string, n: number, extra: string[] = []): Promise<Proc[]> {
  const workers = Array.from({ length: n }, () => start(['worker', '--queue', url, '--backend', 'wasm', ...extra]));
  await Promise.all(workers.map((w) => until(() => /waiting for trials/.test(w.stderr()), `a worker to start: ${w.stderr()}`)));
  return workers;
}

export async function stopAll(procs: Proc[]): Promise<void> {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGINT');
  await Promise.all(procs.map((p) => p.exited));
}

export async function until(ok: () => boolean, what: string, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function runDir(runs: string): string | undefined {
  const dirs = existsSync(runs) ? readdirSync(runs).filter((d) => !d.startsWith('.')) : [];
  return dirs[0] && join(runs, dirs[0]);
}

/** Every line of a run's trials.jsonl. */
export function events(dir: string): TrialEvent[] {
  const path = join(dir, 'trials.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TrialEvent);
}

/** trial → its curve as val acc/train acc/loss, from the log through the one reducer. */
export function curves(dir: string): Map<number, string> {
  const { state } = readTrialLog(join(dir, 'trials.jsonl'));
  return new Map([...state.trials.values()].map((r) => [r.trial, `${r.status}:${JSON.stringify(r.curve)}`]));
}

/** The same search run on this machine (wasm, worker threads, unfused): its per-trial curves. */
export function localCurves(spec: object): Map<number, string> {
  const ws = workspaceWith(spec);
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--backend', 'wasm']);
  assert.equal(r.code, 0, r.stderr);
  return curves(runDir(ws.runs)!);
}

export function assertEndsOnce(dir: string, trials: number): void {
  const ends = events(dir).filter((e) => e.type === 'end');
  assert.deepEqual(ends.map((e) => e.trial).sort((a, b) => a - b), Array.from({ length: trials }, (_, i) => i), 'every trial ends exactly once');
}
