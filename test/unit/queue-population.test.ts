// A remote worker with --fuse 4 trains the queue's trials as populations: the same per-trial
// curves as a local unfused run (to the bit, both wasm), a pruner's stop still reaches its trial
// within one epoch, and Ctrl-C puts every trial of its population back in the queue.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { haveRedis, RedisServer } from './helpers/redis-server';
import { assertEndsOnce, curves, events, localCurves, runDir, start, startWorkers, stopAll, until } from './helpers/queue';
import { readTrialLog } from '../../src/core/runs/jsonl';
import type { EpochPoint } from '../../src/core/runs/events';

let redis: RedisServer;
before(async () => {
  if (haveRedis()) redis = await RedisServer.start();
});
after(async () => redis?.stop());
const skip = !haveRedis() && 'redis-server is not installed (apt-get install redis-server)';

/** Trials of a few hundred milliseconds each: a population of 4 outlives the tests' 2 s job lock. */
function populationSpec(trials: number, epochs: number): any {
  const spec = smallBookSpec(trials, epochs) as any;
  spec.data.trainSize = 3000;
  return spec;
}

/** Whether two trials were in flight together: one's epoch came between another's first epoch and its end. */
function overlapped(dir: string): boolean {
  const open = new Set<number>();
  for (const e of events(dir)) {
    if (e.type === 'epoch') {
      if (open.size > 0 && !open.has(e.trial)) return true;
      open.add(e.trial);
    } else if (e.type === 'end') open.delete(e.trial);
  }
  return false;
}

function rawCurves(dir: string): Map<number, { status: string; curve: EpochPoint[] }> {
  const { state } = readTrialLog(join(dir, 'trials.jsonl'));
  return new Map([...state.trials.values()].map((r) => [r.trial, { status: r.status, curve: r.curve }]));
}

test('--fuse 4 on one worker thread: 12 trials train as populations, with the per-trial curves of a local unfused run; locks stay renewed', { skip }, async () => {
  const spec = populationSpec(12, 6);
  const [worker] = await startWorkers(redis.url(), 1, ['--fuse', '4']);
  try {
    assert.match(worker!.stderr(), /wasm × 1, populations of 4, waiting for trials/);
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assert.match(r.stderr(), /1 worker on redis:\/\/127\.0\.0\.1:\d+: \S+ pid \d+ \(wasm × 1, populations of 4\)/);
    assert.ok(overlapped(dir), 'trials trained together on the one thread (a population), not one after another');
    // a population takes longer than the 2 s lock: a lock not renewed would stall its jobs and re-queue them
    assert.doesNotMatch(r.stderr(), /was taken again by/);
    assertEndsOnce(dir, 12);
    assert.deepEqual(curves(dir), localCurves(spec));
  } finally {
    await stopAll([worker!]);
  }
});

test('a pruned trial inside a remote population: the stop reaches it within one epoch, its curve is its local one cut there', { skip }, async () => {
  const spec = populationSpec(12, 5);
  spec.data.trainSize = 6000; // epochs long enough that "within one epoch" races the round trip through Redis
  spec.search.params['training.lr'] = { log10: [-6, -1.5] };
  const unpruned = rawCurves(runDirOfLocal(spec));
  spec.search.prune = { method: 'median', warmupEpochs: 1, minTrials: 1 };
  const [worker] = await startWorkers(redis.url(), 1, ['--fuse', '4']);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assert.ok(overlapped(dir), 'the trials trained as populations');
    assertEndsOnce(dir, 12);
    const remote = rawCurves(dir);
    // which trials the median pruner stops depends on which ended first; every curve is still its seed's, to the bit
    for (const [trial, { curve }] of remote) assert.deepStrictEqual(curve, unpruned.get(trial)!.curve.slice(0, curve.length), `trial ${trial}`);
    const pruned = [...remote].filter(([, t]) => t.status === 'pruned');
    assert.ok(pruned.length >= 1, 'the median pruner stopped some trial of a population');
    for (const [trial, { curve }] of pruned) {
      assert.ok(curve.length < 5, `trial ${trial} stopped before its last epoch`);
      const line = new RegExp(`trial ${trial}: (?:stopped by its coordinator|abandoned) after (\\d+) epochs`);
      await until(() => line.test(worker!.stderr()), `the worker to stop trial ${trial}`);
      const stoppedAt = Number(line.exec(worker!.stderr())?.[1]);
      assert.ok(stoppedAt >= curve.length && stoppedAt <= curve.length + 1, `trial ${trial} pruned at ${curve.length}, the worker stopped it after ${stoppedAt}`);
    }
  } finally {
    await stopAll([worker!]);
  }
});

test('Ctrl-C on a --fuse 4 worker: every trial of its population goes back to the queue; a worker without fusion finishes them as locally', { skip }, async () => {
  const spec = populationSpec(4, 40);
  const [fused] = await startWorkers(redis.url(), 1, ['--fuse', '4']);
  const ws = workspaceWith(spec);
  const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
  const trainingNow = () => new Set(events(runDir(ws.runs)!).filter((e) => e.type === 'epoch').map((e) => e.trial)).size;
  await until(() => !!runDir(ws.runs) && trainingNow() === 4, 'the 4 trials to train together');
  fused!.child.kill('SIGINT');
  assert.equal(await fused!.exited, 0, fused!.stderr());
  assert.equal(events(runDir(ws.runs)!).filter((e) => e.type === 'end').length, 0, 'no trial ended with its worker');
  const [plain] = await startWorkers(redis.url(), 1);
  try {
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assertEndsOnce(dir, 4);
    assert.deepEqual(curves(dir), localCurves(spec));
  } finally {
    await stopAll([plain!]);
  }
});

test('--fuse must be a whole number from 1 to 1024 (exit 2)', () => {
  for (const bad of ['0', '1025', 'x']) {
    const r = runCli(['worker', '--queue', 'redis://127.0.0.1:1', '--fuse', bad]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`--fuse must be a whole number from 1 to 1024, not "${bad}"`));
  }
});

/** A local unfused run of `spec` (wasm): its run folder. */
function runDirOfLocal(spec: object): string {
  const ws = workspaceWith(spec);
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--backend', 'wasm']);
  assert.equal(r.code, 0, r.stderr);
  return runDir(ws.runs)!;
}
