// Rounds across real runs of the built CLI: run → narrow --write → run again links the second run
// to the first (run.json parent/round/ranges), and `rounds` compares them; narrow's bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'jsonc-parser';
import { lastJson, runCli, smallBookSpec, workspaceWith } from './helpers/cli';
import { tempDir } from './helpers/temp';
import { readRun } from '../../src/core/runs/store';
import { panelRounds } from '../../src/panel/rounds';

/** A tiny book search: 4 trials, 1 epoch, 100 images. */
function tinySpec(): any {
  const spec = smallBookSpec(4, 1, 'js') as any;
  spec.data.trainSize = 100;
  spec.model.hiddenSizes = [20, 20];
  spec.training.batchSize = 20;
  return spec;
}

/** The spec as a person writes it: with comments, which --write must keep. */
const withComments = (spec: object) => `// round 1: wide, as the book starts\n${JSON.stringify(spec, null, 2).replace('"params": {', '"params": { // log scale')}\n`;

function runOnce(specPath: string, runs: string): string {
  const r = runCli(['run', specPath, '--out', runs, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return lastJson(r.stdout).run;
}

const meta = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));

test('run → narrow --write → run again: the second run is round 2, its parent the first, with the narrowed ranges', () => {
  const ws = workspaceWith({});
  writeFileSync(ws.specPath, withComments(tinySpec()));
  const first = runOnce(ws.specPath, ws.runs);
  assert.equal(meta(first).round, 1);
  assert.equal(meta(first).parent, undefined);
  assert.deepEqual(meta(first).ranges, tinySpec().search.params);

  const narrowed = runCli(['narrow', first, '--top', '2', '--write', ws.specPath, '--json']);
  assert.equal(narrowed.code, 0, narrowed.stderr);
  const out = lastJson(narrowed.stdout);
  assert.equal(out.narrowedFrom, basename(first));
  assert.equal(out.nextRound, 2);
  const text = readFileSync(ws.specPath, 'utf8');
  assert.ok(text.startsWith('// round 1: wide, as the book starts\n') && text.includes('// log scale'), 'comments survive');
  const written = parse(text);
  assert.equal(written.search.narrowedFrom, basename(first));
  for (const r of out.ranges) assert.deepEqual(written.search.params[r.path], r.after, r.path);
  assert.ok(out.ranges.some((r: any) => r.changed), 'two of four trials span less than the whole ranges');

  const second = runOnce(ws.specPath, ws.runs);
  const m = meta(second);
  assert.equal(m.parent, basename(first));
  assert.equal(m.round, 2);
  assert.deepEqual(m.ranges, written.search.params);

  const rounds = runCli(['rounds', second, '--top', '2', '--json']);
  assert.equal(rounds.code, 0, rounds.stderr);
  const compared = lastJson(rounds.stdout).rounds;
  assert.deepEqual(compared.map((r: any) => [r.round, r.run]), [[1, basename(first)], [2, basename(second)]]);
  for (const r of compared) {
    assert.ok(r.best >= r.median && r.top.k === 2 && Math.abs(r.top.spread - (r.best - r.top.lowest)) < 1e-12);
  }
  // what the panel gets: ranges in the params' units, the earlier round's trials as points
  const panel = panelRounds(readRun(second), 2)!;
  assert.deepEqual(panel.rounds.map((r) => r.round), [1, 2]);
  assert.deepEqual(panel.rounds[0]!.ranges['training.lr'], [10 ** -3, 10 ** -1.5]);
  const [lo, hi] = written.search.params['training.lr'].log10;
  assert.deepEqual(panel.rounds[1]!.ranges['training.lr'], [10 ** lo, 10 ** hi]);
  assert.equal(panel.rounds[0]!.points.length, compared[0].scored);
  assert.deepEqual(panel.rounds[1]!.points, []);
  assert.equal(panelRounds(readRun(first), 2), undefined, 'round 1 alone: nothing to compare');
  const table = runCli(['rounds', second]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /round 2 searched:/);
  assert.equal(readdirSync(ws.runs).length, 2);
});

test('narrow without --write prints old → new and changes nothing; Japanese too', () => {
  const ws = workspaceWith(tinySpec());
  const run = runOnce(ws.specPath, ws.runs);
  const before = readFileSync(ws.specPath, 'utf8');
  const r = runCli(['narrow', run, '--top', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /training\.lr\s+log10 \[-3, -1\.5\]\s+(→ log10 \[[-\d., ]+\]|\(unchanged\))/);
  assert.match(r.stdout, /add --write SPEC/);
  assert.equal(readFileSync(ws.specPath, 'utf8'), before);
  const ja = runCli(['narrow', run, '--top', '1'], { LANG: 'ja_JP.UTF-8' });
  assert.match(ja.stdout, /上位 1 件の範囲/);
});

test('narrow refuses bad input with exit 2 and says what to give', () => {
  const ws = workspaceWith(tinySpec());
  const run = runOnce(ws.specPath, ws.runs);
  const notRun = tempDir('hpl-not-run-');
  let r = runCli(['narrow', notRun, '--top', '2']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /is not a run folder \(it has no spec\.json\)/);
  r = runCli(['narrow', run, '--top', '5']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--top 5 is more than the 4 finished trials/);
  r = runCli(['narrow', run]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /narrow needs --top K/);
  r = runCli(['narrow', run, '--top', '2', '--margin', 'wide']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--margin must be a number/);

  const broken = join(tempDir('hpl-bad-spec-'), 'search.json');
  mkdirSync(join(broken, '..'), { recursive: true });
  writeFileSync(broken, '{\n  "search": {\n    "params": { "training.lr": { "log10": [-6, -2] }\n');
  r = runCli(['narrow', run, '--top', '2', '--write', broken]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `), 'file:line:col');
  assert.match(r.stderr, /nothing was written/);
  assert.equal(readFileSync(broken, 'utf8'), '{\n  "search": {\n    "params": { "training.lr": { "log10": [-6, -2] }\n');
});
