// The findings in words (src/core/search/findings.ts): constructed runs where one param, two or
// none decide the val acc, a run with few good trials, both languages; the recorded book run;
// and the CLI's --json summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Distribution, Params, SearchSpec } from '../../src/core/spec/types';
import type { TrialEvent, TrialRecord } from '../../src/core/runs/events';
import { replay, trialList } from '../../src/core/runs/state';
import { Rng } from '../../src/core/random';
import { paramImportance, randomParams } from '../../src/core/search';
import { runFindings, type FindingsLocale } from '../../src/core/search/findings';
import { bookNumber, aboutBound } from '../../src/core/search/findings-words';
import { spanPValue } from '../../src/core/search/findings-stats';
import { exportJson } from '../../src/core/runs/export';
import { readRun } from '../../src/core/runs/store';
import { bookSpec, trialRecord } from './search-fixtures';
import { lastJson, runCli, smallBookSpec, workspaceWith } from './helpers/cli';

const WD = 'training.weightDecay';
const LR = 'training.lr';
const BOOK = bookSpec();
const PARAMS = BOOK.search.params;
const BOOK_DIR = join(__dirname, '..', '..', 'bench', 'fixtures', 'book-6.5-100x50');

/** The book's 100 random trials scored by `objective` (noise in [-1, 1]). */
function trials(objective: (lr: number, wd: number, noise: number) => number, n = 100): TrialRecord[] {
  const noise = new Rng(11);
  return Array.from({ length: n }, (_, i) => {
    const p: Params = randomParams(BOOK, i);
    return trialRecord(i, p, [objective(Math.log10(p[LR] as number), Math.log10(p[WD] as number), noise.uniform(-1, 1))]);
  });
}

const findings = (ts: TrialRecord[], locale: FindingsLocale = 'en', params: Record<string, Distribution> = PARAMS) =>
  runFindings(ts, params, paramImportance(ts, params), locale);

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** §6.5's shape: chance below lr 1e-3, ~0.85 near 1e-2; weight decay adds nothing. */
const lrOnly = (lr: number, _wd: number, noise: number) => 0.1 + 0.75 * sigmoid(4 * (lr + 2.6)) + 0.02 * noise;
/** Both matter alike: good only where lr is high and weight decay low. */
const both = (lr: number, wd: number, noise: number) => 0.1 + 0.75 * sigmoid(4 * (lr + 4)) * sigmoid(4 * (-wd - 6)) + 0.02 * noise;
/** Nothing matters: the val acc is noise around chance. */
const none = (_lr: number, _wd: number, noise: number) => 0.1 + 0.02 * noise;
/** Good only in a sliver of lr (0.05 decades): a handful of good trials. */
const sliver = (lr: number, _wd: number, noise: number) => (Math.abs(lr + 2.5) < 0.025 ? 0.85 : 0.1 + 0.01 * noise);

test('one dominant param: it matters most, its good range is where the objective is high, the other matters little', () => {
  for (const locale of ['en', 'ja'] as const) {
    const f = findings(trials(lrOnly), locale);
    assert.equal(f.mostImportant, LR);
    assert.ok(f.sure);
    assert.ok(f.ranges[LR]!.matters && !f.ranges[WD]!.matters);
    const [lo, hi] = f.ranges[LR]!.good!;
    assert.ok(lo > 1e-4 && hi <= 1e-2, `good lr ${lo}..${hi} lies where the sigmoid is high`);
    assert.ok(f.ranges[LR]!.about![0] <= lo && f.ranges[LR]!.about![1] >= hi, 'about never narrower than the span');
  }
  const en = findings(trials(lrOnly), 'en').sentences;
  assert.match(en[0]!, /^The learning rate matters most: good values lie between about /);
  assert.ok(en.some((s) => s.startsWith('Weight decay matters little in this range (1e-8 to 0.0001)')), en.join('\n'));
  const ja = findings(trials(lrOnly), 'ja').sentences;
  assert.match(ja[0]!, /^学習係数が最も重要です/);
  assert.ok(ja.some((s) => s.startsWith('荷重減衰') && s.includes('あまり影響しません')), ja.join('\n'));
});

test('two params that matter alike: none is singled out, both get their ranges', () => {
  const f = findings(trials(both, 200));
  assert.equal(f.mostImportant, null);
  assert.ok(f.ranges[LR]!.matters && f.ranges[WD]!.matters, JSON.stringify(f.ranges));
  assert.match(f.sentences[0]!, /^No single parameter dominates: (the learning rate and weight decay|weight decay and the learning rate) both matter\.$/);
  assert.ok(f.sentences.some((s) => s.startsWith('Good values of weight decay lie between about')));
  const ja = findings(trials(both, 200), 'ja').sentences;
  assert.match(ja[0]!, /(学習係数と荷重減衰（weight decay）|荷重減衰（weight decay）と学習係数)の両方が効いています/);
});

test('nothing matters: no param is named, and the findings say no param made a difference', () => {
  for (const locale of ['en', 'ja'] as const) {
    const f = findings(trials(none), locale);
    assert.equal(f.mostImportant, null);
    assert.ok(!f.ranges[LR]!.matters && !f.ranges[WD]!.matters);
    assert.ok(f.sentences[0]!.includes(locale === 'en' ? 'No parameter made a clear difference' : 'はっきりと差を生んだパラメータはありません'));
  }
});

test('few good trials: too few to tell, and nothing else is claimed', () => {
  const few = trials(sliver);
  const f = findings(few);
  assert.ok(f.goodTrials >= 1 && f.goodTrials < 9, `${f.goodTrials} good trials`);
  assert.equal(f.sure, false);
  assert.equal(f.mostImportant, null);
  assert.equal(f.sentences.length, 1);
  assert.match(f.sentences[0]!, new RegExp(`^Only ${f.goodTrials} of 100 trials did well .*too few to tell`));
  assert.match(findings(few, 'ja').sentences[0]!, new RegExp(`100 件中 ${f.goodTrials} 件だけです.*少なすぎます`));
});

test('no finished trial: one sentence, no ranges claimed', () => {
  const f = runFindings([trialRecord(0, { [LR]: 0.01, [WD]: 1e-6 }, [0.5], 'running')], PARAMS, {}, 'en');
  assert.equal(f.finishedTrials, 0);
  assert.deepEqual(f.sentences, ['No trial has finished with a val acc yet: nothing to tell.']);
});

test('choice params: the good trials\' choices are named', () => {
  const params: Record<string, Distribution> = { 'model.activation': { choice: ['relu', 'sigmoid'] }, [WD]: { log10: [-8, -4] } };
  const rng = new Rng(3);
  const ts = Array.from({ length: 100 }, (_, i) => {
    const activation = i % 2 ? 'relu' : 'sigmoid';
    return trialRecord(i, { 'model.activation': activation, [WD]: 10 ** rng.uniform(-8, -4) }, [(activation === 'relu' ? 0.8 : 0.1) + 0.02 * rng.uniform(-1, 1)]);
  });
  const f = findings(ts, 'en', params);
  assert.equal(f.mostImportant, 'model.activation');
  assert.deepEqual(f.ranges['model.activation']!.choices, ['relu']);
  assert.equal(f.sentences[0], 'model.activation matters most: the good trials used relu.');
});

test('numbers read as the book prints them; about-bounds round outwards', () => {
  assert.deepEqual([0.001, 0.01, 0.0001, 1e-6, 2.5e-8, 10 ** -4, 0.1 + 0.2].map(bookNumber), ['0.001', '0.01', '0.0001', '1e-6', '2.5e-8', '0.0001', '0.3']);
  assert.deepEqual([aboutBound(0.00153, 'down'), aboutBound(0.00995, 'up'), aboutBound(0.001, 'up'), aboutBound(3.96e-5, 'up')], [0.001, 0.01, 0.001, 0.00004]);
});

test('the span test: crowded good trials are unlikely by chance, spread ones are not', () => {
  assert.ok(spanPValue(20, 100, 25) < 1e-10);
  assert.ok(spanPValue(20, 100, 95) > 0.5);
  assert.equal(spanPValue(20, 100, 100), 1);
  // exact for small cases: 2 of 4 ranks within a window of 2 → the 3 adjacent pairs of the 6
  assert.ok(Math.abs(spanPValue(2, 4, 2) - 3 / 6) < 1e-12);
});

function bookRun(): { spec: SearchSpec; trials: TrialRecord[] } {
  const spec = JSON.parse(readFileSync(join(BOOK_DIR, 'spec.json'), 'utf8')) as SearchSpec;
  const lines = gunzipSync(readFileSync(join(BOOK_DIR, 'trials.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
  return { spec, trials: trialList(replay(lines.map((l) => JSON.parse(l) as TrialEvent))) };
}

test('the recorded 100 × 50 book run says what the book says', () => {
  const { spec, trials: ts } = bookRun();
  const f = findings(ts, 'en', spec.search.params);
  assert.equal(f.mostImportant, LR, 'the learning rate matters most');
  assert.deepEqual(f.ranges[LR]!.about, [0.001, 0.01], 'good values between about 0.001 and 0.01');
  assert.equal(f.ranges[WD]!.matters, false, 'weight decay matters little in this range');
  assert.ok(f.sure);
  assert.equal(f.sentences[0], 'The learning rate matters most: good values lie between about 0.001 and 0.01.');
  assert.equal(f.sentences[1], 'Weight decay matters little in this range (1e-8 to 0.0001): the good trials are spread over it.');
  const ja = findings(ts, 'ja', spec.search.params).sentences;
  assert.equal(ja[0], '学習係数が最も重要です。よい値はおよそ 0.001 から 0.01 の間にあります。');
  assert.match(ja[1]!, /^荷重減衰（weight decay）はこの範囲（1e-8 〜 0.0001）ではあまり影響しません/);
});

test('the JSON export carries the findings', () => {
  const { spec, trials: ts } = bookRun();
  const out = JSON.parse(exportJson({ name: 'book', status: 'completed', spec, trials: ts }, undefined, 'ja'));
  assert.equal(out.findings.mostImportant, LR);
  assert.equal(out.findings.locale, 'ja');
  assert.match(out.findings.sentences[0], /^学習係数/);
});

test('hparam-lab run --json has findings, and prints their sentences at the end (English and Japanese)', () => {
  const spec = smallBookSpec(4, 1, 'js') as any;
  spec.data.trainSize = 100;
  spec.model.hiddenSizes = [20, 20];
  spec.training.batchSize = 20;
  const ws = workspaceWith(spec);
  const r = runCli(['run', ws.specPath, '--out', ws.runs, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = lastJson(r.stdout);
  assert.deepEqual(Object.keys(out.findings.ranges), [WD, LR]);
  assert.equal(out.findings.finishedTrials, 4);
  assert.ok(out.findings.sentences.length > 0);
  for (const s of out.findings.sentences) assert.ok(r.stderr.includes(s), `stderr has "${s}"`);
  const ja = runCli(['resume', out.run, '--json'], { LANG: 'ja_JP.UTF-8' });
  assert.equal(ja.code, 0, ja.stderr);
  assert.deepEqual(lastJson(ja.stdout).findings, out.findings, 'the JSON does not depend on the locale');
  const jaLines = runFindings(readRun(out.run).trials, spec.search.params, lastJson(ja.stdout).importance ?? {}, 'ja').sentences;
  for (const s of jaLines) assert.ok(ja.stderr.includes(s), `stderr has "${s}"`);
  assert.match(jaLines.join(''), /件/);
});
