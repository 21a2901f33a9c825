// The run session over a fake executor (no threads): what it writes, when, and what becomes of a
// run that is stopped, detached, resumed, or whose worker dies. The same session runs the real
// worker threads in runner.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../src/core/spec';
import type { SearchSpec } from '../../src/core/spec/types';
import type { TrialEvent } from '../../src/core/runs/events';
import { readLogFrom, readTrialLog } from '../../src/core/runs/jsonl';
import { readLock } from '../../src/core/runs/lock';
import { replay, trialList } from '../../src/core/runs/state';
import { readRun } from '../../src/core/runs/store';
import { createPruner } from '../../src/core/search';
import { resumeRun, startRun, type RunHandle } from '../../src/core/session';
import { fakeExecutors, type FakeOptions } from './helpers/fake-executor';

function workspace() {
  const root = mkdtempSync(join(tmpdir(), 'hpl-session-'));
  return { root, specPath: join(root, 'search.json'), outRoot: join(root, 'runs'), [Symbol.dispose]: () => rmSync(root, { recursive: true, force: true }) };
}

function spec(search: object = {}, epochs = 3, workers: number | 'auto' = 2): SearchSpec {
  const text = JSON.stringify({
    name: 'fake',
    training: { epochs },
    search: { trials: 6, seed: 3, params: { 'training.lr': { log10: [-4, -1] } }, ...search },
    run: { workers, backend: 'js' },
  });
  const parsed = parseSpec(text, '/ws/search.json');
  assert.ok(parsed.spec, JSON.stringify(parsed.errors));
  return parsed.spec;
}

async function run(s: SearchSpec, ws: ReturnType<typeof workspace>, options: FakeOptions = {}, onEvent?: (e: TrialEvent, h: RunHandle) => void) {
  const fakes = fakeExecutors(options);
  const notes: string[] = [];
  const handle = await startRun({ spec: s, specPath: ws.specPath, outRoot: ws.outRoot, executor: fakes.factory, onNote: (n) => notes.push(n) });
  const seen: TrialEvent[] = [];
  const runningAfterStart: number[] = [];
  handle.subscribe((e) => {
    seen.push(e);
    if (e.type === 'start') runningAfterStart.push(handle.state.counts.running);
    onEvent?.(e, handle);
  });
  return { handle, fakes, notes, seen, runningAfterStart };
}

const fileEvents = (dir: string) => readLogFrom(join(dir, 'trials.jsonl')).events;
const endsOf = (events: TrialEvent[]) => events.filter((e) => e.type === 'end');

test('the handle comes before the first trial: a subscriber sees every event, and the live state is the replay of the file', async () => {
  using ws = workspace();
  const r = await run(spec(), ws);
  assert.equal(r.handle.state.trials.size, 0, 'nothing has started when the handle is returned');
  const summary = await r.handle.done;
  assert.equal(summary.status, 'completed');
  assert.deepEqual(JSON.parse(JSON.stringify(r.seen)), fileEvents(summary.dir), 'every event, in the order written');
  assert.deepEqual(r.handle.state, readTrialLog(join(summary.dir, 'trials.jsonl')).state);
  assert.deepEqual(r.runningAfterStart.slice(0, 2), [1, 2], 'the first wave counts as running');
  assert.equal(Math.max(...r.runningAfterStart), 2, 'never more in flight than slots');
  assert.deepEqual(summary.trials.map((t) => t.status), Array(6).fill('completed'));
  assert.deepEqual(r.handle.info().status, 'completed');
  assert.equal(readRun(summary.dir).status, 'completed');
  assert.equal(readLock(ws.outRoot), undefined, 'the lock is free');
  const written = JSON.parse(readFileSync(join(summary.dir, 'spec.json'), 'utf8')) as SearchSpec;
  assert.deepEqual(written.run, { workers: 2, backend: 'js' }, 'spec.json records what really ran');
});

test('pruning: each trial stops exactly where the pruner, shown the events written so far, said so', async () => {
  using ws = workspace();
  const s = spec({ trials: 8, prune: { method: 'median', warmupEpochs: 1, minTrials: 1 } }, 4, 1);
  const r = await run(s, ws);
  const summary = await r.handle.done;
  const events = fileEvents(summary.dir);
  const pruner = createPruner(s.search.prune)!;
  events.forEach((e, i) => {
    if (e.type !== 'epoch') return;
    const records = trialList(replay(events.slice(0, i + 1)));
    const said = pruner.shouldPrune(records.find((t) => t.trial === e.trial)!, records);
    const end = events.find((x) => x.type === 'end' && x.trial === e.trial);
    assert.ok(end?.type === 'end');
    assert.equal(end.status === 'pruned' && end.epochs === e.epoch, said, `trial ${e.trial} epoch ${e.epoch}`);
  });
  assert.ok(summary.trials.some((t) => t.status === 'pruned') && summary.trials.some((t) => t.status === 'completed'), summary.trials.map((t) => t.status).join());
});

test('cancel: trials in flight end cancelled and the run is stopped; resume runs exactly the rest, equal to an uninterrupted run', async () => {
  using ws = workspace();
  let ends = 0;
  const first = await run(spec(), ws, {}, (e, h) => e.type === 'end' && ++ends === 2 && setImmediate(() => h.cancel()));
  const stopped = await first.handle.done;
  assert.equal(stopped.status, 'cancelled');
  const info = readRun(stopped.dir);
  assert.equal(info.status, 'cancelled');
  assert.equal(info.meta.stopped, true);
  const cancelled = info.trials.filter((t) => t.status === 'cancelled').map((t) => t.trial);
  assert.ok(cancelled.length > 0, 'a trial was in flight');
  assert.equal(readLock(ws.outRoot), undefined);
  const done = info.trials.filter((t) => t.status === 'completed').map((t) => t.trial);

  const fakes = fakeExecutors();
  const resumed = await resumeRun(stopped.dir, { executor: fakes.factory });
  assert.equal(resumed.state.trials.size, info.trials.length, 'the session starts from what the file holds');
  const summary = await resumed.done;
  assert.equal(summary.status, 'completed');
  const rerun = fakes.made[0]!.jobs.map((j) => j.trial);
  assert.deepEqual([...rerun].sort(), [0, 1, 2, 3, 4, 5].filter((t) => !done.includes(t)), 'only what had not finished');
  for (const j of fakes.made[0]!.jobs.filter((x) => cancelled.includes(x.trial))) {
    assert.deepEqual(j.params, info.trials[j.trial]!.params, 'a cancelled trial keeps its params');
  }
  const completedEnds = endsOf(fileEvents(stopped.dir)).filter((e) => e.type === 'end' && e.status === 'completed').map((e) => e.trial);
  assert.deepEqual(completedEnds.sort(), [0, 1, 2, 3, 4, 5], 'each trial completed exactly once');

  using ws2 = workspace();
  const whole = await (await run(spec(), ws2)).handle.done;
  const vals = (s: typeof summary) => Object.fromEntries(s.trials.map((t) => [t.trial, [t.valAcc, t.params]]));
  assert.deepEqual(vals(summary), vals(whole));
});

test('detach: nothing more is written and the run stays interrupted, ready to resume', async () => {
  using ws = workspace();
  const r = await run(spec(), ws, {}, (e, h) => e.type === 'end' && h.detach());
  const summary = await r.handle.done;
  assert.equal(summary.status, 'interrupted');
  const text = readFileSync(join(summary.dir, 'trials.jsonl'), 'utf8');
  await new Promise((res) => setTimeout(res, 50));
  assert.equal(readFileSync(join(summary.dir, 'trials.jsonl'), 'utf8'), text, 'nothing written after detach');
  assert.ok(!text.includes('"cancelled"'));
  assert.ok(r.fakes.made[0]!.closed, 'the executor is closed');
  const info = readRun(summary.dir);
  assert.deepEqual([info.status, info.meta.stopped, info.meta.ended], ['interrupted', undefined, undefined]);
});

test('a worker that dies fails only its trial, says so, and the run goes on', async () => {
  using ws = workspace();
  const r = await run(spec(), ws, { dieAt: { trial: 1, epoch: 2 } });
  const summary = await r.handle.done;
  assert.equal(summary.status, 'completed');
  const failed = summary.trials.filter((t) => t.status === 'failed');
  assert.deepEqual(failed.map((t) => [t.trial, t.curve.length]), [[1, 1]]);
  assert.match(failed[0]!.error!, /worker running this trial died/);
  assert.equal(summary.trials.filter((t) => t.status === 'completed').length, 5);
  assert.deepEqual(r.notes, ['a worker thread died (killed by the test); starting a new one']);
});

test('an executor that fails mid-run stops the run with its error and frees the lock; what had finished stays', async () => {
  using ws = workspace();
  const r = await run(spec(), ws, { dieAt: { trial: 2, epoch: 1 }, restartError: new Error('no thread for you') });
  await assert.rejects(r.handle.done, /no thread for you/);
  assert.equal(readLock(ws.outRoot), undefined);
  assert.ok(r.fakes.made[0]!.closed);
  const info = readRun(r.handle.dir);
  assert.equal(info.status, 'interrupted', 'resume can finish it');
  assert.ok(info.trials.some((t) => t.status === 'completed'));
});

test('an executor that cannot start leaves nothing behind: no run folder, the lock free', async () => {
  using ws = workspace();
  const fakes = fakeExecutors({ openError: new Error('no backend') });
  await assert.rejects(startRun({ spec: spec(), specPath: ws.specPath, outRoot: ws.outRoot, executor: fakes.factory }), /no backend/);
  assert.deepEqual(readdirSync(ws.outRoot), []);
  assert.equal(readLock(ws.outRoot), undefined);
});

test('a grid runs as many trials as its sampler has points', async () => {
  using ws = workspace();
  const r = await run(spec({ method: 'grid', trials: 10, params: { 'training.lr': { values: [0.1, 0.01, 0.001] } } }), ws);
  assert.equal(r.handle.spec.search.trials, 3);
  const summary = await r.handle.done;
  assert.deepEqual(r.fakes.made[0]!.jobs.map((j) => j.params['training.lr']), [0.1, 0.01, 0.001]);
  assert.equal((JSON.parse(readFileSync(join(summary.dir, 'spec.json'), 'utf8')) as SearchSpec).search.trials, 3);
  assert.ok(existsSync(join(summary.dir, 'run.json')));
});

test('stop before the first trial: nothing is started, the run is stopped cleanly', async () => {
  using ws = workspace();
  const r = await run(spec(), ws);
  r.handle.cancel();
  const summary = await r.handle.done;
  assert.equal(summary.status, 'cancelled');
  assert.deepEqual(r.seen, []);
  assert.deepEqual(r.fakes.made[0]!.jobs, []);
});
