// Smarter search end to end: TPE with ASHA, and median stopping, through the real CLI (real
// worker threads, the real MNIST images, the book's net). The runner asks the pruner right after
// it writes an epoch event, before it writes anything else, so replaying the pruner over the
// events written up to each epoch must give exactly the run's decisions — with two workers too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastJson, runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { replay, trialList } from '../../src/core/runs/state';
import type { EndEvent, EpochEvent, TrialEvent } from '../../src/core/runs/events';
import type { SearchSpec } from '../../src/core/spec/types';
import { createPruner, isRung, randomParams } from '../../src/core/search';

const TRIALS = 12;
const EPOCHS = 6;

/** The book's net on 500 images, 12 trials × 6 epochs, 2 workers, wasm, with this search section. */
function searchSpec(search: object): object {
  const base = smallBookSpec(TRIALS, EPOCHS) as { search: object };
  return { ...base, search: { ...base.search, ...search } };
}

function runSearch(search: object) {
  const ws = workspaceWith(searchSpec(search));
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const summary = lastJson(r.stdout);
  const events: TrialEvent[] = readFileSync(join(summary.run, 'trials.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const spec: SearchSpec = JSON.parse(readFileSync(join(summary.run, 'spec.json'), 'utf8'));
  return { summary, events, spec };
}

const endOf = (events: TrialEvent[], trial: number) => events.find((e): e is EndEvent => e.type === 'end' && e.trial === trial)!;
const epochsOf = (events: TrialEvent[], trial: number) => events.filter((e): e is EpochEvent => e.type === 'epoch' && e.trial === trial);

/** Each trial ended as pruned exactly where the pruner, shown the history written so far, said so. */
function assertPrunedWhereThePrunerSaid(events: TrialEvent[], spec: SearchSpec): void {
  const pruner = createPruner(spec.search.prune)!;
  events.forEach((e, i) => {
    if (e.type !== 'epoch') return;
    const records = trialList(replay(events.slice(0, i + 1)));
    const verdict = pruner.shouldPrune(records.find((r) => r.trial === e.trial)!, records);
    const end = endOf(events, e.trial);
    const prunedHere = end.status === 'pruned' && end.epochs === e.epoch;
    assert.equal(prunedHere, verdict, `trial ${e.trial} epoch ${e.epoch}: pruned ${prunedHere}, pruner says ${verdict}`);
  });
}

/** Every trial ended; a pruned one keeps its curve 1..k and reports its last point; a completed one has every epoch. */
function assertCurves(events: TrialEvent[], summary: any): void {
  assert.equal(summary.trials.length, TRIALS);
  for (const t of summary.trials) {
    const curve = epochsOf(events, t.trial);
    const end = endOf(events, t.trial);
    assert.ok(end, `trial ${t.trial} has an end event`);
    assert.equal(end.status, t.status);
    assert.deepEqual(curve.map((p) => p.epoch), Array.from({ length: curve.length }, (_, k) => k + 1), 'epochs count from 1, none lost');
    assert.equal(t.epochs, curve.length);
    if (t.status === 'completed') assert.equal(curve.length, EPOCHS);
    if (t.status === 'pruned') {
      assert.ok(curve.length >= 1 && curve.length < EPOCHS, `pruned trial ${t.trial} stopped early (${curve.length})`);
      assert.equal(end.epochs, curve.length);
      assert.equal(end.valAcc, curve.at(-1)!.valAcc, 'a pruned trial ends with the last val acc it recorded');
      assert.equal(t.valAcc, curve.at(-1)!.valAcc);
    }
  }
}

const statusRank = (status: string) => ({ completed: 0, pruned: 1 })[status] ?? 2;

/** Best final val acc first; at equal accuracy completed before pruned, then the earlier trial. */
function assertRanked(summary: any): void {
  for (let i = 1; i < summary.trials.length; i++) {
    const [a, b] = [summary.trials[i - 1], summary.trials[i]];
    const inOrder =
      a.valAcc > b.valAcc ||
      (a.valAcc === b.valAcc && (statusRank(a.status) < statusRank(b.status) || (statusRank(a.status) === statusRank(b.status) && a.trial < b.trial)));
    assert.ok(inOrder, `rank ${i}: trial ${a.trial} (${a.valAcc}, ${a.status}) before trial ${b.trial} (${b.valAcc}, ${b.status})`);
  }
}

function assertImportance(summary: any, spec: SearchSpec): void {
  const shares = summary.importance as Record<string, number>;
  assert.deepEqual(Object.keys(shares).sort(), Object.keys(spec.search.params).sort());
  for (const v of Object.values(shares)) assert.ok(v >= 0 && v <= 1);
  assert.ok(Math.abs(Object.values(shares).reduce((s, v) => s + v, 0) - 1) < 1e-9, 'shares sum to 1');
}

test('TPE + ASHA through the CLI: trials stop at rungs, keep their curves, and the summary ranks them', () => {
  const startupTrials = 4;
  const { summary, events, spec } = runSearch({
    method: 'tpe',
    tpe: { startupTrials },
    prune: { method: 'asha', minEpochs: 1, reductionFactor: 2 }, // rungs at epochs 1, 2, 4
  });
  assert.equal(spec.search.method, 'tpe');
  assert.deepEqual(spec.search.prune, { method: 'asha', minEpochs: 1, reductionFactor: 2, metric: 'valAcc', bootstrapTrials: 0 });
  assertCurves(events, summary);
  const pruned = summary.trials.filter((t: any) => t.status === 'pruned');
  assert.ok(pruned.length > 0, 'ASHA stopped some trials');
  for (const t of pruned) assert.ok(isRung(t.epochs, 1, 2), `trial ${t.trial} stopped at epoch ${t.epochs}, a rung`);
  assertPrunedWhereThePrunerSaid(events, spec);
  assertRanked(summary);
  assertImportance(summary, spec);
  // start-up trials are the random search's own draws; after them TPE proposes its own
  const starts = events.filter((e) => e.type === 'start');
  for (const s of starts) {
    const random = randomParams(spec, s.trial);
    if (s.trial < startupTrials) assert.deepEqual(s.params, random, `start-up trial ${s.trial} is random`);
  }
  assert.ok(starts.some((s) => s.trial >= startupTrials + 2 && JSON.stringify(s.params) !== JSON.stringify(randomParams(spec, s.trial))), 'TPE proposed params');
});

test('median stopping through the CLI: trials stop after the warm-up, below the median, and keep their curves', () => {
  const { summary, events, spec } = runSearch({ prune: { method: 'median', warmupEpochs: 2, minTrials: 2 } });
  assert.deepEqual(spec.search.prune, { method: 'median', warmupEpochs: 2, minTrials: 2 });
  assertCurves(events, summary);
  const pruned = summary.trials.filter((t: any) => t.status === 'pruned');
  assert.ok(pruned.length > 0, 'median stopping stopped some trials');
  for (const t of pruned) assert.ok(t.epochs >= 2, `trial ${t.trial} stopped at epoch ${t.epochs}, after the warm-up`);
  assertPrunedWhereThePrunerSaid(events, spec);
  assertRanked(summary);
  assertImportance(summary, spec);
});
