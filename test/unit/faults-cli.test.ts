// Faults provoked for real through the built CLI: a loss that blows up, a disk that fills up (a
// tiny tmpfs), folders that refuse writes (chattr +i, a read-only bind mount), two searches on
// one runs folder at once, and a lock left by a dead process. The mount and chattr cases need
// root (they are skipped, saying why, elsewhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { CLI, lastJson, runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { readTrialLog } from '../../src/core/runs/jsonl';
import { trialList } from '../../src/core/runs/state';
import { readRun } from '../../src/core/runs/store';
import { lockPath } from '../../src/core/runs/lock';
import { trainingSchedule } from '../../src/core/train/schedule';

/** Runs a command as root; false (and nothing done) when this machine does not allow it. */
function privileged(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

function runDirs(runs: string): string[] {
  return existsSync(runs) ? readdirSync(runs).filter((d) => !d.startsWith('.')).map((d) => join(runs, d)) : [];
}

test('lr 10 on the book\'s net: those trials end diverged at the first non-finite loss, the others complete, diverged rank last', () => {
  const spec = smallBookSpec(4, 3) as any;
  spec.search = { method: 'grid', trials: 4, params: { 'training.lr': { values: [10, 0.1, 1e-4, 3e-6] } } };
  const ws = workspaceWith(spec);
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJson(r.stdout);
  const status = summary.trials.map((t: any) => `${t.params['training.lr']}:${t.status}`);
  assert.deepEqual(status.filter((s: string) => s.endsWith('diverged')), ['10:diverged']);
  assert.equal(summary.trials.filter((t: any) => t.status === 'completed').length, 3, 'the search went on');
  assert.equal(summary.trials.at(-1).status, 'diverged', 'ranked after every completed trial, whatever it scored');

  const run = readRun(summary.run);
  const diverged = run.trials.find((t) => t.status === 'diverged')!;
  const at = Number(/loss became (?:NaN|-?Infinity) at iteration (\d+) of/.exec(diverged.error ?? '')?.[1]);
  assert.ok(at >= 1, diverged.error);
  // it stopped there: the epochs it recorded are the evaluations before that iteration, all finite
  const { evaluations } = trainingSchedule(400, 100, 3);
  assert.equal(diverged.curve.length, evaluations.filter((e) => e < at - 1).length);
  assert.ok(diverged.curve.every((p) => Number.isFinite(p.loss) && Number.isFinite(p.valAcc)));
  for (const t of run.trials.filter((t) => t.status === 'completed')) assert.equal(t.curve.length, 3);
});

test('disk full (a 16 KB tmpfs): a clear error naming the folder, no results table, the lock released, resume loses nothing', (t) => {
  const ws = workspaceWith(smallBookSpec(6, 10));
  mkdirSync(ws.runs);
  if (!privileged('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', ws.runs])) return t.skip('mount is not permitted here (needs root)');
  try {
    const r = runCli(['run', ws.specPath, '--out', ws.runs]);
    const [dir] = runDirs(ws.runs);
    assert.ok(dir, r.stderr);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`the disk is full: cannot write to ${dir}`), r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /rank\s+trial|done in/, 'no results as if it were done');
    assert.doesNotMatch(r.stderr, STACK);
    assert.equal(existsSync(lockPath(ws.runs)), false, 'the lock is released');
    const log = readTrialLog(join(dir, 'trials.jsonl'));
    assert.equal(log.skipped, 0, 'the line the disk refused is taken back, not left torn');
    const finished = trialList(log.state).filter((x) => x.status === 'completed');
    assert.ok(finished.length >= 1 && finished.length < 6, `${finished.length} trials finished before the disk filled`);
    for (const x of finished) assert.equal(x.curve.length, 10, 'every finished trial is whole');

    assert.ok(privileged('mount', ['-o', 'remount,size=4m', ws.runs]));
    const resumed = runCli(['resume', dir, '--json']);
    assert.equal(resumed.code, 0, resumed.stderr);
    const after = readTrialLog(join(dir, 'trials.jsonl'));
    assert.equal(after.skipped, 0);
    assert.deepEqual(trialList(after.state).map((x) => `${x.status}:${x.curve.length}`), Array(6).fill('completed:10'));
    for (const x of finished) assert.deepEqual(trialList(after.state)[x.trial]!.curve, x.curve, 'what had finished is unchanged');
  } finally {
    privileged('umount', [ws.runs]);
  }
});

test('a runs folder that refuses writes (chattr +i): exit 1 naming the folder, nothing run, no stack trace', (t) => {
  const ws = workspaceWith(smallBookSpec(2, 1));
  mkdirSync(ws.runs);
  if (!privileged('chattr', ['+i', ws.runs])) return t.skip('chattr +i is not permitted here (needs root on ext4)');
  try {
    const r = runCli(['run', ws.specPath, '--out', ws.runs]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`cannot write to ${ws.runs} \\(EPERM: read-only or not permitted\\)\\. Nothing was run\\.`));
    assert.doesNotMatch(r.stderr, STACK);
    assert.deepEqual(readdirSync(ws.runs), []);
  } finally {
    privileged('chattr', ['-i', ws.runs]);
  }
});

test('resuming a run on a read-only mount: exit 1 naming the run folder, the run left as it was', (t) => {
  const ws = workspaceWith(smallBookSpec(3, 1));
  const first = runCli(['run', ws.specPath, '--out', ws.runs, '--trials', '2', '--json']);
  assert.equal(first.code, 0, first.stderr);
  const dir: string = lastJson(first.stdout).run;
  if (!privileged('mount', ['--bind', dir, dir])) return t.skip('bind mounts are not permitted here (needs root)');
  try {
    assert.ok(privileged('mount', ['-o', 'remount,ro,bind', dir]));
    const before = readTrialLog(join(dir, 'trials.jsonl'));
    const r = runCli(['resume', dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stderr.includes(`cannot write to ${dir} (EROFS: read-only or not permitted)`), r.stderr);
    assert.doesNotMatch(r.stderr, STACK);
    assert.deepEqual(readTrialLog(join(dir, 'trials.jsonl')), before);
    assert.equal(existsSync(lockPath(ws.runs)), false);
  } finally {
    privileged('umount', [dir]);
  }
});

test('two CLI processes start a search on one runs folder at once: one runs, the other names the holder\'s run and pid', async () => {
  // 400 trials: the winner is still running (holding the lock) when the loser, however late it
  // starts on a loaded machine, asks for it; the winner is then stopped with Ctrl-C
  const ws = workspaceWith({ ...smallBookSpec(400, 3), run: { workers: 1, backend: 'wasm' } });
  const start = () => {
    const child = spawn(process.execPath, [CLI, 'run', ws.specPath, '--out', ws.runs, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let onStarted = () => {};
    // the line that names the run folder comes just before the Ctrl-C handler is set, in one tick
    const started = new Promise<void>((resolve) => (onStarted = resolve));
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.includes(' → ')) onStarted();
    });
    const closed = new Promise<{ pid: number; code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.on('close', (code) => resolve({ pid: child.pid!, code, stdout, stderr })),
    );
    return { child, started, closed };
  };
  const both = [start(), start()];
  try {
    const loser = await Promise.race(both.map((p) => p.closed));
    const other = both.find((p) => p.child.pid !== loser.pid)!;
    assert.equal(loser.code, 1, loser.stderr);
    await other.started;
    other.child.kill('SIGINT');
    const winner = await other.closed;
    assert.equal(winner.code, 130, winner.stderr);
    const run = basename(lastJson(winner.stdout).run);
    assert.match(loser.stderr, new RegExp(`another search is running in this workspace \\(run ${run}, process ${winner.pid} on `));
    assert.doesNotMatch(loser.stderr, STACK);
    assert.equal(runDirs(ws.runs).length, 1, 'the loser created no run folder');
    assert.equal(existsSync(lockPath(ws.runs)), false);
  } finally {
    for (const p of both) p.child.kill('SIGKILL');
  }
});

test('a lock left by a dead process is taken over silently', () => {
  const ws = workspaceWith(smallBookSpec(2, 1));
  mkdirSync(ws.runs);
  const dead = spawnSync(process.execPath, ['-e', '']).pid!;
  writeFileSync(lockPath(ws.runs), JSON.stringify({ pid: dead, host: hostname(), run: 'crashed-run', time: new Date().toISOString() }));
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /lock|another search|crashed-run/i);
  assert.equal(lastJson(r.stdout).trials.length, 2);
  assert.equal(existsSync(lockPath(ws.runs)), false);
});
