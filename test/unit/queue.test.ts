// Trials through BullMQ on a real redis-server: 3 worker processes on loopback stand in for hosts.
// Equality with a local run, and the faults of issue 15, each for real (SIGKILL, a Redis restart,
// a killed coordinator, no worker, bad URLs).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { haveRedis, RedisServer, freePort } from './helpers/redis-server';
import { assertEndsOnce, curves, events, localCurves, runDir, start, startWorkers, stopAll, until, FAST } from './helpers/queue';

let redis: RedisServer;
before(async () => {
  if (haveRedis()) redis = await RedisServer.start();
});
after(async () => redis?.stop());
const skip = !haveRedis() && 'redis-server is not installed (apt-get install redis-server)';

/** A spec whose trials take long enough to be interrupted mid-way, and still only seconds. */
function slowSpec(trials: number, epochs = 12): object {
  const spec = smallBookSpec(trials, epochs) as any;
  spec.data.trainSize = 3000;
  return spec;
}

test('12 trials through the queue with 3 workers: the same per-trial curves as locally, each start names its host', { skip }, async () => {
  const spec = smallBookSpec(12, 3);
  const workers = await startWorkers(redis.url(), 3);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assert.deepEqual(curves(dir), localCurves(spec));
    assertEndsOnce(dir, 12);
    const hosted = events(dir).filter((e) => e.type === 'start' && e.host);
    assert.equal(new Set(hosted.map((e) => e.trial)).size, 12, 'every trial has a start naming the host that trained it');
    assert.match(r.stderr(), /3 workers on redis:\/\/127\.0\.0\.1/);
  } finally {
    await stopAll(workers);
  }
});

test("the pruner's stop reaches the worker within one epoch; one worker prunes exactly as a local run with one thread", { skip }, async () => {
  // epochs of a few hundred milliseconds: "within one epoch" is a race against the round trip through Redis
  const spec = slowSpec(5, 5) as any;
  spec.data.trainSize = 20000;
  spec.search.params['training.lr'] = { log10: [-6, -1.5] };
  spec.search.prune = { method: 'median', warmupEpochs: 1, minTrials: 1 };
  spec.run.workers = 1;
  const [worker] = await startWorkers(redis.url(), 1);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assert.deepEqual(curves(dir), localCurves(spec));
    const pruned = events(dir).filter((e) => e.type === 'end' && e.status === 'pruned');
    assert.ok(pruned.length >= 1, 'the median pruner stopped some trial');
    for (const e of pruned) {
      // the last trial's stop may come with the run's end (the coordinator gone): either way it stops
      const line = new RegExp(`trial ${e.trial}: (?:stopped by its coordinator|abandoned) after (\\d+) epochs`);
      await until(() => line.test(worker!.stderr()), `the worker to stop trial ${e.trial}`);
      const stoppedAt = Number(line.exec(worker!.stderr())?.[1]);
      assert.ok(e.type === 'end' && stoppedAt >= e.epochs && stoppedAt <= e.epochs + 1, `trial ${e.trial} pruned at ${e.type === 'end' && e.epochs}, the worker stopped after ${stoppedAt}`);
    }
  } finally {
    await stopAll([worker!]);
  }
});

test('a worker SIGKILLed mid-trial: its job stalls, another worker trains it again from its seed, every trial ends once, curves as locally', { skip }, async () => {
  const spec = slowSpec(4);
  const workers = await startWorkers(redis.url(), 2);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    await until(() => !!runDir(ws.runs) && events(runDir(ws.runs)!).some((e) => e.type === 'epoch'), 'the first epoch');
    workers[0]!.child.kill('SIGKILL');
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assert.match(r.stderr(), /was taken again by/);
    const starts = events(dir).filter((e) => e.type === 'start' && e.host);
    assert.ok(starts.length > 4, 'a trial was started again: its earlier events are superseded');
    assertEndsOnce(dir, 4);
    assert.deepEqual(curves(dir), localCurves(spec));
  } finally {
    await stopAll(workers);
  }
});

test('Ctrl-C on a worker finishes nothing half-way: it exits, its trial goes back to the queue, the next worker trains it from its seed', { skip }, async () => {
  const spec = slowSpec(1, 80);
  const [first] = await startWorkers(redis.url(), 1);
  const ws = workspaceWith(spec);
  const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
  await until(() => !!runDir(ws.runs) && events(runDir(ws.runs)!).some((e) => e.type === 'epoch'), 'the first epoch');
  first!.child.kill('SIGINT');
  assert.equal(await first!.exited, 0, first!.stderr());
  assert.equal(events(runDir(ws.runs)!).filter((e) => e.type === 'end').length, 0, 'the trial did not end with its worker');
  const [second] = await startWorkers(redis.url(), 1);
  try {
    assert.equal(await r.exited, 0, r.stderr());
    assertEndsOnce(runDir(ws.runs)!, 1);
    assert.deepEqual(curves(runDir(ws.runs)!), localCurves(spec));
  } finally {
    await stopAll([second!]);
  }
});

test('a stalled job that did finish (its worker paused past its lock): one end counts, nothing duplicates', { skip }, async () => {
  const spec = slowSpec(2);
  const workers = await startWorkers(redis.url(), 2);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    await until(() => !!runDir(ws.runs) && events(runDir(ws.runs)!).some((e) => e.type === 'epoch'), 'the first epoch');
    workers[0]!.child.kill('SIGSTOP');
    await until(() => /was taken again by/.test(r.stderr()), 'the paused job to be taken again');
    workers[0]!.child.kill('SIGCONT');
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assertEndsOnce(dir, 2);
    assert.deepEqual(curves(dir), localCurves(spec));
  } finally {
    await stopAll(workers);
  }
});

test('Redis restarted mid-run: workers and coordinator reconnect, the run completes, nothing finished is lost', { skip }, async () => {
  const spec = slowSpec(6, 8);
  const workers = await startWorkers(redis.url(), 2);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    await until(() => !!runDir(ws.runs) && events(runDir(ws.runs)!).some((e) => e.type === 'end'), 'a trial to end');
    const endedBefore = events(runDir(ws.runs)!).filter((e) => e.type === 'end').length;
    await redis.stop();
    await new Promise((res) => setTimeout(res, 1000));
    await redis.restart();
    assert.equal(await r.exited, 0, r.stderr());
    const dir = runDir(ws.runs)!;
    assert.ok(endedBefore >= 1);
    assertEndsOnce(dir, 6);
    assert.deepEqual(curves(dir), localCurves(spec));
  } finally {
    await stopAll(workers);
  }
});

test('the coordinator killed: no worker goes on for it, and resume --queue finishes the run as a local run would', { skip }, async () => {
  const spec = slowSpec(3, 80);
  const workers = await startWorkers(redis.url(), 2);
  try {
    const ws = workspaceWith(spec);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
    await until(() => !!runDir(ws.runs) && events(runDir(ws.runs)!).some((e) => e.type === 'epoch'), 'the first epoch');
    r.child.kill('SIGKILL');
    await r.exited;
    // the session key expires (2 s here): the workers abandon its trials at their next epoch
    await until(() => workers.some((w) => /abandoned after \d+ epochs: its coordinator is gone/.test(w.stderr())), 'the workers to let go of the dead run');
    const count = (s: string, re: RegExp) => s.match(re)?.length ?? 0;
    const idle = (s: string) => count(s, /: training on /g) === count(s, /: \w+ after \d+ epochs|: abandoned after|: stopped by/g);
    await until(() => workers.every((w) => idle(w.stderr())), 'no worker training for the dead run');
    const dir = runDir(ws.runs)!;
    const resumed = start(['resume', dir, '--queue', redis.url()]);
    assert.equal(await resumed.exited, 0, resumed.stderr());
    assertEndsOnce(dir, 3);
    assert.deepEqual(curves(dir), localCurves(spec));
  } finally {
    await stopAll(workers);
  }
});

test('no worker connected: the run waits and says so; Ctrl-C stops it (exit 130, the trial cancelled)', { skip }, async () => {
  const ws = workspaceWith(smallBookSpec(2, 2));
  const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', redis.url()]);
  await until(() => /no worker is connected to redis:\/\/127\.0\.0\.1:\d+: the run waits/.test(r.stderr()), 'the run to say it waits');
  // its first trial is queued (and its Ctrl-C handler in place) once the start is on disk
  await until(() => !!runDir(ws.runs) && events(runDir(ws.runs)!).some((e) => e.type === 'start'), 'the first trial to be queued');
  r.child.kill('SIGINT');
  assert.equal(await r.exited, 130, r.stderr());
  const dir = runDir(ws.runs)!;
  assert.ok(events(dir).filter((e) => e.type === 'end').every((e) => e.type === 'end' && e.status === 'cancelled'));
});

test('a malformed URL is bad usage (exit 2); unreachable Redis and a wrong password: exit 1 naming the URL, the password masked', { skip }, async () => {
  const ws = workspaceWith(smallBookSpec(1, 1));
  const bad = runCli(['run', ws.specPath, '--out', ws.runs, '--queue', 'http://:hunter2@x:1'], FAST);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--queue http:\/\/:\*\*\*@x:1: the scheme is "http", not redis or rediss/);
  const badWorker = runCli(['worker', '--queue', 'redis://h:port'], FAST);
  assert.equal(badWorker.code, 2, badWorker.stderr);
  assert.match(badWorker.stderr, /--queue redis:\/\/h:port: not a URL/);

  const closed = await freePort();
  const unreachable = runCli(['run', ws.specPath, '--out', ws.runs, '--queue', `redis://:s3cret@127.0.0.1:${closed}`], FAST);
  assert.equal(unreachable.code, 1, unreachable.stderr);
  assert.match(unreachable.stderr, new RegExp(`redis://:\\*\\*\\*@127\\.0\\.0\\.1:${closed}: cannot reach Redis`));

  const locked = await RedisServer.start('right-password');
  try {
    for (const args of [['run', ws.specPath, '--out', ws.runs], ['worker']]) {
      const wrong = runCli([...args, '--queue', locked.url('wrong-password')], FAST);
      assert.equal(wrong.code, 1, wrong.stderr);
      assert.match(wrong.stderr, /redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: Redis refused the credentials/);
      assert.doesNotMatch(wrong.stderr + wrong.stdout, /wrong-password/);
    }
    assert.equal(runDir(ws.runs), undefined, 'nothing was written');
    // the right password: the run trains, and the password is in none of its files, nor what either side printed
    const [worker] = await startWorkers(locked.url(), 1);
    const r = start(['run', ws.specPath, '--out', ws.runs, '--queue', locked.url()]);
    assert.equal(await r.exited, 0, r.stderr());
    await stopAll([worker!]);
    const dir = runDir(ws.runs)!;
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.ok(files.some((e) => e.name.endsWith('.npz')), 'the kept weights are among the files checked');
    for (const e of files) assert.doesNotMatch(readFileSync(join(e.parentPath ?? e.path, e.name), 'latin1'), /right-password/, e.name);
    assert.doesNotMatch(r.stdout() + r.stderr() + worker!.stderr(), /right-password/);
  } finally {
    await locked.stop();
  }
});
