// Rounds: the core (round fields, lineage, comparison) and the runs tree's grouping by round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareRounds, roundFields, roundsOf } from '../../src/core/runs/rounds';
import { groupRounds, roundDescription, roundLabel } from '../../src/extension/logic/round-groups';
import { untranslated } from '../../src/core/translate';
import { writeRunFiles, type RunMeta } from '../../src/core/runs/store';
import { bookSpec, run, trial } from './helpers/ext-fixtures';
import { tempDir } from './helpers/temp';
import { applyEdits } from 'jsonc-parser';
import { narrowEdits } from '../../src/core/search/narrow-edit';

const params = (lr: number) => ({ 'training.lr': lr, 'training.weightDecay': 1e-6 });
const meta = (over: Partial<RunMeta>): RunMeta => ({ specPath: '/ws/search.json', started: '2026-12-01T21:26:40.000Z', version: '0.1.0', ...over });

test('a run of a narrowed search.json is its parent round + 1; a first search is round 1', () => {
  const root = tempDir('hpl-rounds-');
  const spec = bookSpec();
  assert.deepEqual(roundFields(root, spec), { round: 1, ranges: spec.search.params });
  mkdirSync(join(root, 'r2'));
  writeRunFiles(join(root, 'r2'), spec, meta({ round: 2, parent: 'r1' }));
  const narrowed = { ...spec, search: { ...spec.search, narrowedFrom: 'r2', params: { 'training.lr': { log10: [-3, -2] as [number, number] } } } };
  assert.deepEqual(roundFields(root, narrowed), { parent: 'r2', round: 3, ranges: { 'training.lr': { log10: [-3, -2] } } });
  // a parent removed from the runs folder: still the round after a first one
  assert.equal(roundFields(root, { ...narrowed, search: { ...narrowed.search, narrowedFrom: 'gone' } }).round, 2);
});

test('roundsOf follows the parent links back to round 1 and stops at a missing parent or a loop', () => {
  const root = tempDir('hpl-lineage-');
  const write = (name: string, m: Partial<RunMeta>) => {
    mkdirSync(join(root, name));
    writeRunFiles(join(root, name), bookSpec(), meta(m));
    writeFileSync(join(root, name, 'trials.jsonl'), '');
  };
  write('a', { round: 1 });
  write('b', { round: 2, parent: 'a' });
  const c = run([], { dir: join(root, 'c'), meta: meta({ round: 3, parent: 'b' }) });
  assert.deepEqual(roundsOf(root, c).map((r) => r.dir), ['a', 'b', 'c'].map((n) => join(root, n)));
  const orphan = run([], { dir: join(root, 'd'), meta: meta({ round: 2, parent: 'missing' }) });
  assert.deepEqual(roundsOf(root, orphan).map((r) => r.dir), [join(root, 'd')]);
  write('x', { round: 2, parent: 'y' });
  write('y', { round: 3, parent: 'x' });
  const loop = run([], { dir: join(root, 'z'), meta: meta({ round: 4, parent: 'y' }) });
  assert.deepEqual(roundsOf(root, loop).map((r) => r.dir), ['x', 'y', 'z'].map((n) => join(root, n)));
});

test('compareRounds: best, median and the top-K spread of val acc per round, unscored trials left out', () => {
  const wide = run([trial(0, 0.1, params(1e-6)), trial(1, 0.8, params(9e-3)), trial(2, 0.5, params(1e-3)), trial(3, undefined, params(1e-2), 'running')], { dir: '/r/wide', meta: meta({ round: 1 }) });
  const narrow = run([trial(0, 0.82, params(8e-3)), trial(1, 0.78, params(5e-3))], { dir: '/r/narrow', meta: meta({ round: 2, parent: 'wide', ranges: { 'training.lr': { log10: [-3, -2] } } }) });
  const [r1, r2] = compareRounds([wide, narrow], 2);
  assert.deepEqual({ ...r1, ranges: undefined }, { round: 1, run: 'wide', ranges: undefined, scored: 3, best: 0.8, median: 0.5, top: { k: 2, lowest: 0.5, spread: 0.8 - 0.5 } });
  assert.deepEqual(r1!.ranges, bookSpec().search.params, 'a run without recorded ranges: its spec\'s');
  assert.equal(r2!.round, 2);
  assert.deepEqual(r2!.ranges, { 'training.lr': { log10: [-3, -2] } });
  assert.equal(r2!.median, 0.8);
  assert.equal(compareRounds([run([], { dir: '/r/empty' })], 10)[0]!.best, undefined);
});

test('the tree groups a search.json\'s runs as Round 1, Round 2 only when it has two rounds', () => {
  const r = (stamp: string, round: number | undefined, specPath = '/ws/search.json', best = 0.5) =>
    run([trial(0, best, params(1e-3))], { dir: `/ws/.hparam-lab/runs/${stamp}-book`, meta: meta({ specPath, ...(round ? { round } : {}) }) });
  // newest first, as orderRuns hands them over
  const runs = [r('4', 2, '/ws/search.json', 0.9), r('3', undefined, '/ws/other.json'), r('2', 2, '/ws/search.json', 0.7), r('1', undefined)];
  const top = groupRounds(runs);
  assert.deepEqual(top.map((e) => (e.kind === 'run' ? e.run.dir.at(-6) : `round ${e.group.round}: ${e.group.runs.map((x) => x.dir.at(-6)).join()}`)), ['round 2: 4,2', '3', 'round 1: 1']);
  const round2 = top[0]!;
  assert.ok(round2.kind === 'round');
  assert.equal(roundLabel(round2.group.round, untranslated), 'Round 2');
  assert.equal(roundDescription(round2.group, untranslated), 'book-6.5 · 2 runs · best 0.90');
  // one round only (today's runs): every run stays a top-level row
  assert.deepEqual(groupRounds([r('2', undefined), r('1', 1)]).map((e) => e.kind), ['run', 'run']);
});

test('narrowing again replaces search.narrowedFrom where it stands, comments kept', () => {
  const text = '{\n  "search": {\n    "narrowedFrom": "r1", // the wide search\n    "params": { "training.lr": { "log10": [-6, -2] } }\n  }\n}\n';
  const change = [{ path: 'training.lr', before: { log10: [-6, -2] as [number, number] }, after: { log10: [-3, -2] as [number, number] } }];
  const out = applyEdits(text, narrowEdits(text, change, { tabSize: 2, insertSpaces: true, eol: '\n' }, 'r2').edits);
  assert.equal(out, text.replace('"r1"', '"r2"').replace('[-6, -2]', '[-3, -2]'));
});
