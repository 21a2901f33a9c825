// The one reducer and the log readers: what a run's events mean, whether they are read whole, from
// a byte offset, or while another process is still writing them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { EndStatus, TrialEvent, TrialStatus } from '../../src/core/runs/events';
import { LogFollower, readLogFrom, readTrialLog } from '../../src/core/runs/jsonl';
import { applyEvent, finishedCount, isFinished, replay, trialList } from '../../src/core/runs/state';
import { rankTrials } from '../../src/core/search/ranking';
import { lastValAcc } from '../../src/core/search/objective';

const start = (trial: number, seed = trial): TrialEvent => ({ type: 'start', trial, seed, params: { 'training.lr': 0.01 * (trial + 1) }, backend: 'wasm', time: 't' });
const epoch = (trial: number, n: number, valAcc: number): TrialEvent => ({ type: 'epoch', trial, epoch: n, trainAcc: valAcc + 0.01, valAcc, loss: 1 });
const end = (trial: number, status: EndStatus, valAcc?: number, epochs = 1): TrialEvent =>
  ({ type: 'end', trial, status, valAcc, trainAcc: valAcc === undefined ? undefined : valAcc + 0.01, epochs, seconds: 1, time: 't' });
const lines = (events: TrialEvent[]) => events.map((e) => JSON.stringify(e) + '\n').join('');
/** Events as they read back from the file (JSON leaves out what is undefined). */
const onDisk = (events: TrialEvent[]): TrialEvent[] => JSON.parse(JSON.stringify(events));

function tempLog(): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hpl-state-'));
  return { path: join(dir, 'trials.jsonl'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a torn last line and a corrupt line are skipped; every whole event replays', () => {
  const log = tempLog();
  try {
    const events = [start(0), epoch(0, 1, 0.3), end(0, 'completed', 0.3), start(1), epoch(1, 1, 0.5)];
    const whole = lines(events.slice(0, 2)) + '{not json\n' + lines(events.slice(2));
    writeFileSync(log.path, whole + '{"type":"epoch","trial":1,"epo');
    const { state, skipped } = readTrialLog(log.path);
    assert.equal(skipped, 2, 'the corrupt line and the torn one');
    assert.deepEqual(state, replay(events));
    // a follower leaves a line without its newline for later: the writer may still be writing it
    const tail = readLogFrom(log.path, 0);
    assert.deepEqual([tail.events, tail.skipped, tail.end], [onDisk(events), 1, Buffer.byteLength(whole)]);
  } finally {
    log.done();
  }
});

test('a resumed trial: the new start replaces the old attempt, its counts and its standing', () => {
  const state = replay([start(0), epoch(0, 1, 0.9), end(0, 'cancelled', 0.9), start(1), epoch(1, 1, 0.4), end(1, 'completed', 0.4)]);
  assert.deepEqual(state.counts, { running: 0, completed: 1, pruned: 0, diverged: 0, failed: 0, cancelled: 1 });
  assert.equal(state.best?.trial, 1, 'a cancelled trial is no result');
  assert.equal(finishedCount(state), 1);
  applyEvent(state, start(0, 99));
  const again = state.trials.get(0)!;
  assert.deepEqual([again.seed, again.status, again.curve.length, again.valAcc], [99, 'running', 0, undefined]);
  assert.equal(state.counts.cancelled, 0);
  assert.equal(state.counts.running, 1);
  applyEvent(state, epoch(0, 1, 0.8));
  applyEvent(state, end(0, 'completed', 0.8));
  assert.equal(state.best?.trial, 0);
  // the best trial run again loses its standing until it ends again
  applyEvent(state, start(0));
  assert.equal(state.best?.trial, 1);
});

test('an end counts once; epochs of a trial that is not running change nothing', () => {
  const state = replay([start(0), epoch(0, 1, 0.5), end(0, 'completed', 0.5)]);
  assert.equal(applyEvent(state, end(0, 'failed')), undefined);
  assert.equal(applyEvent(state, epoch(0, 2, 0.7)), undefined);
  assert.equal(applyEvent(state, epoch(5, 1, 0.7)), undefined, 'no start, no trial');
  assert.deepEqual([state.trials.get(0)!.status, state.trials.get(0)!.curve.length, state.trials.size], ['completed', 1, 1]);
});

/** Event sequences as runs write them: trials start in order, run some epochs, most end, some are re-run. */
const runEvents = fc
  .array(
    fc.record({
      epochs: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
      status: fc.constantFrom<EndStatus | 'running'>('completed', 'pruned', 'diverged', 'failed', 'cancelled', 'running'),
      rerun: fc.boolean(),
    }),
    { maxLength: 12 },
  )
  .map((plans) => {
    const events: TrialEvent[] = [];
    plans.forEach((p, trial) => {
      const attempts = p.rerun ? 2 : 1;
      for (let a = 0; a < attempts; a++) {
        events.push(start(trial, trial * 10 + a));
        p.epochs.forEach((v, i) => events.push(epoch(trial, i + 1, v)));
        const status = a + 1 < attempts ? 'cancelled' : p.status;
        if (status !== 'running') events.push(end(trial, status, p.epochs.at(-1), p.epochs.length));
      }
    });
    return events;
  });

test('property: counts, finished and best are what the records say', () => {
  fc.assert(
    fc.property(runEvents, (events) => {
      const state = replay(events);
      const records = trialList(state);
      const counted = Object.fromEntries((['running', 'completed', 'pruned', 'diverged', 'failed', 'cancelled'] as TrialStatus[]).map((s) => [s, records.filter((r) => r.status === s).length]));
      assert.deepEqual(state.counts, counted);
      assert.equal(finishedCount(state), records.filter((r) => isFinished(r.status)).length);
      const withResult = rankTrials(records).filter((r) => (r.status === 'completed' || r.status === 'pruned') && lastValAcc(r) !== undefined);
      assert.equal(state.best, withResult[0]);
    }),
  );
});

test('property: a log followed in pieces (lines cut anywhere) replays to the state of one full read', () => {
  fc.assert(
    fc.property(runEvents, fc.array(fc.nat(), { maxLength: 6 }), (events, cuts) => {
      const log = tempLog();
      try {
        const text = lines(events);
        const bytes = Buffer.from(text);
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const follower = new LogFollower(log.path);
        let written = 0;
        for (const at of [...points, bytes.length]) {
          appendFileSync(log.path, bytes.subarray(written, at));
          written = at;
          follower.refresh();
        }
        assert.equal(written, bytes.length);
        const full = readTrialLog(log.path);
        assert.deepEqual(follower.state, full.state);
        assert.equal(follower.skipped, 0);
        assert.deepEqual(follower.state, replay(events));
        // a read from a line's start gives exactly the events from that line on
        const k = Math.floor(events.length / 2);
        assert.deepEqual(readLogFrom(log.path, Buffer.byteLength(lines(events.slice(0, k)))).events, onDisk(events.slice(k)));
      } finally {
        log.done();
      }
    }),
    { numRuns: 60 },
  );
});

test('a follower starts over when the log is replaced by a shorter one', () => {
  const log = tempLog();
  try {
    writeFileSync(log.path, lines([start(0), epoch(0, 1, 0.2), start(1)]));
    const follower = new LogFollower(log.path);
    follower.refresh();
    assert.equal(follower.state.trials.size, 2);
    writeFileSync(log.path, lines([start(5)]));
    follower.refresh();
    assert.deepEqual([...follower.state.trials.keys()], [5]);
  } finally {
    log.done();
  }
});
