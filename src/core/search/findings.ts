// The findings in words: what a run says about its searched params, as §6.5 reads its Best-20
// ("the learning rate matters; good values lie between about 0.001 and 0.01; weight decay matters
// little in this range"), computed from the trials.
//
//   runFindings(trials, params, importance, locale): RunFindings
//     trials     every TrialRecord of the run (any order; unfinished ones are ignored)
//     params     spec.search.params (dotted path → Distribution)
//     importance paramImportance(trials, params) (shares summing to 1; {} is allowed)
//     locale     'en' | 'ja': the language of `sentences` only; every other field is the same
// Stable: the CLI, the exports, the panel and the report call it.
//
// How it decides, each threshold from the data:
// - Good trials: val acc at least halfway from the median trial to the best. The median is what a
//   trial drawn from these ranges typically scores; halfway to the best is the most even line
//   between "typical" and "best" that needs no tuning (the book's run: median 0.12, best 0.86 → 0.49).
// - Sure: the good trials' span catches the next good trial with chance (n − 1)/(n + 1); below
//   4 in 5 (n < 9) the ranges are too loose to state, and the findings say so instead.
// - A param matters when its good trials crowd into part of the range that chance would not
//   explain: an exact permutation test (findings-stats.ts) at 5 %, Bonferroni-split over the params.
// - It matters most when it also explains at least twice the importance share of any other:
//   a smaller lead is within what a different forest seed or a few more trials could reverse.
import type { Distribution, ParamValue } from '../spec/types';
import type { TrialRecord } from '../runs/events';
import { isFinished } from '../runs/state';
import { choicesOf, numericRange, sameValue } from './distributions';
import { lastValAcc } from './objective';
import { choicePValue, spanCoverage, spanPValue } from './findings-stats';
import { median } from './median';
import { aboutBound, bookNumber, choiceText, listOf, paramName, sentence, type FindingsLocale } from './findings-words';

export type { FindingsLocale } from './findings-words';

/** The significance level of "this param matters", before the split over params. */
const ALPHA = 0.05;
/** The least chance that the span holds the next good trial for the ranges to be stated. */
const MIN_COVERAGE = 0.8;
/** How many times the runner-up's importance share the most important param explains. */
const DOMINANCE = 2;

export interface ParamRange {
  path: string;
  scale: 'log10' | 'uniform' | 'int' | 'choice';
  /** Its importance share (0 when importance had none). */
  share: number;
  /** The good trials crowd into part of the range (pValue below the split level). */
  matters: boolean;
  /** The permutation test's p: the chance that random trials crowd as much. */
  pValue: number;
  /** Numeric params: the searched range in the param's own units (log10 [-3, -2] → [0.001, 0.01]). */
  searched?: [number, number];
  /** Numeric params: the lowest and highest value among the good trials. */
  good?: [number, number];
  /** `good` rounded outwards to one significant digit, as the sentences say it. */
  about?: [number, number];
  /** Choice params: the choices the good trials used, in the spec's order. */
  choices?: ParamValue[];
}

export interface RunFindings {
  locale: FindingsLocale;
  /** The param that clearly matters most; null when none does (or too few trials to tell). */
  mostImportant: string | null;
  /** One per searched param, in the spec's order. */
  ranges: Record<string, ParamRange>;
  /** The val acc a good trial reaches; null when no trial has one. */
  goodValAcc: number | null;
  goodTrials: number;
  /** Finished trials with a val acc (the good ones are among them). */
  finishedTrials: number;
  /** The chance that the next good trial lies inside the good span: (n − 1)/(n + 1). */
  coverage: number;
  /** False: too few good trials to tell; the sentences say so and say nothing else. */
  sure: boolean;
  sentences: string[];
}

interface Scored {
  params: TrialRecord['params'];
  valAcc: number;
  /** Ended with a result (completed, pruned): a diverged trial's last val acc is from before it blew up. */
  result: boolean;
}

function scored(trials: readonly TrialRecord[]): Scored[] {
  return trials.flatMap((t) => {
    const valAcc = isFinished(t.status) ? lastValAcc(t) : undefined;
    return valAcc === undefined ? [] : [{ params: t.params, valAcc, result: t.status === 'completed' || t.status === 'pruned' }];
  });
}

/** The param's value on the scale it was searched on (log10 in exponents), NaN when it has none. */
function onScale(scale: 'log10' | 'uniform' | 'int', v: ParamValue | undefined): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return NaN;
  return scale === 'log10' ? (v > 0 ? Math.log10(v) : NaN) : v;
}

function numericRangeOf(path: string, dist: Distribution, all: Scored[], good: Scored[], share: number, alpha: number): ParamRange {
  const range = numericRange(dist)!;
  const unit = (x: number) => (range.scale === 'log10' ? Number((10 ** x).toPrecision(12)) : x); // 10 ** -4 is 0.00009999…
  const allValues = all.map((s) => onScale(range.scale, s.params[path])).filter(Number.isFinite);
  const goodValues = good.map((s) => onScale(range.scale, s.params[path])).filter(Number.isFinite);
  const searched: [number, number] = [unit(range.lo), unit(range.hi)];
  if (goodValues.length === 0) return { path, scale: range.scale, share, matters: false, pValue: 1, searched };
  const lo = Math.min(...goodValues);
  const hi = Math.max(...goodValues);
  const window = allValues.filter((x) => x >= lo && x <= hi).length;
  const pValue = spanPValue(goodValues.length, allValues.length, window);
  const goodSpan: [number, number] = [unit(lo), unit(hi)];
  const about: [number, number] = range.scale === 'int' ? goodSpan : [aboutBound(goodSpan[0], 'down'), aboutBound(goodSpan[1], 'up')];
  return { path, scale: range.scale, share, matters: pValue < alpha, pValue, searched, good: goodSpan, about };
}

function choiceRangeOf(path: string, list: ParamValue[], all: Scored[], good: Scored[], share: number, alpha: number): ParamRange {
  const used = (s: Scored[]) => list.filter((c) => s.some((t) => t.params[path] !== undefined && sameValue(c, t.params[path]!)));
  const choices = used(good);
  const holds = (s: Scored) => choices.some((c) => s.params[path] !== undefined && sameValue(c, s.params[path]!));
  const tried = used(all).length;
  const pValue = choicePValue(good.length, all.length, all.filter(holds).length, choices.length, tried);
  return { path, scale: 'choice', share, matters: pValue < alpha, pValue, choices };
}

function sentencesOf(f: Omit<RunFindings, 'sentences'>, locale: FindingsLocale): string[] {
  const t = f.goodValAcc === null ? '' : bookNumber(Number(f.goodValAcc.toPrecision(3))); // val acc reads in hundredths
  const counts = { n: f.goodTrials, total: f.finishedTrials, t };
  if (f.finishedTrials === 0) return [sentence(locale, 'noTrials')];
  if (!f.sure) return [sentence(locale, 'tooFew', counts)];
  const name = (path: string) => paramName(path, locale);
  const choices = (r: ParamRange) => listOf((r.choices ?? []).map(choiceText), locale);
  const bounds = (pair: [number, number]) => ({ lo: bookNumber(pair[0]), hi: bookNumber(pair[1]) });
  const ranges = Object.values(f.ranges);
  const mattering = ranges.filter((r) => r.matters).sort((a, b) => b.share - a.share); // most important first
  const out: string[] = [];
  const top = f.mostImportant === null ? undefined : f.ranges[f.mostImportant];
  if (top) {
    out.push(top.scale === 'choice'
      ? sentence(locale, 'mostImportantChoice', { name: name(top.path), choices: choices(top) })
      : sentence(locale, 'mostImportant', { name: name(top.path), ...bounds(top.about!) }));
  } else if (mattering.length === 2) {
    out.push(sentence(locale, 'bothMatter', { a: name(mattering[0]!.path), b: name(mattering[1]!.path) }));
  } else if (mattering.length > 2) {
    out.push(sentence(locale, 'severalMatter', { list: listOf(mattering.map((r) => name(r.path)), locale) }));
  } else if (mattering.length === 0) {
    out.push(sentence(locale, 'noneMatters'));
  }
  for (const r of mattering) {
    if (r === top) continue;
    out.push(r.scale === 'choice'
      ? sentence(locale, 'goodChoice', { name: name(r.path), choices: choices(r) })
      : sentence(locale, 'goodRange', { name: name(r.path), ...bounds(r.about!) }));
  }
  if (mattering.length > 0) {
    for (const r of ranges.filter((x) => !x.matters)) {
      out.push(r.scale === 'choice'
        ? sentence(locale, 'mattersLittleChoice', { name: name(r.path), choices: choices(r) })
        : sentence(locale, 'mattersLittle', { name: name(r.path), ...bounds(r.searched!) }));
    }
  }
  out.push(sentence(locale, 'basis', counts));
  return out;
}

/** What the run's trials say about its searched params, in words and as data (see the top of the file). */
export function runFindings(
  trials: readonly TrialRecord[],
  params: Record<string, Distribution>,
  importance: Record<string, number>,
  locale: FindingsLocale = 'en',
): RunFindings {
  const all = scored(trials);
  const results = all.filter((s) => s.result).map((s) => s.valAcc);
  const best = results.length ? Math.max(...results) : undefined;
  const middle = all.length ? median(all.map((s) => s.valAcc)) : NaN;
  const goodValAcc = best === undefined ? null : best <= middle ? best : middle + (best - middle) / 2;
  const good = goodValAcc === null ? [] : all.filter((s) => s.result && s.valAcc >= goodValAcc - 1e-12);
  const coverage = spanCoverage(good.length);
  const sure = coverage >= MIN_COVERAGE;
  const paths = Object.keys(params);
  const alpha = ALPHA / Math.max(1, paths.length);
  const share = (p: string) => importance[p] ?? 0;
  const ranges = Object.fromEntries(paths.map((path) => {
    const list = choicesOf(params[path]!);
    const r = list ? choiceRangeOf(path, list, all, good, share(path), alpha) : numericRangeOf(path, params[path]!, all, good, share(path), alpha);
    return [path, r];
  }));
  const byShare = [...paths].sort((a, b) => share(b) - share(a));
  const [first, second] = byShare;
  const dominates = first !== undefined && share(first) > 0 && share(first) >= DOMINANCE * (second === undefined ? 0 : share(second));
  const mostImportant = sure && dominates && ranges[first!]!.matters ? first! : null;
  const findings = { locale, mostImportant, ranges, goodValAcc, goodTrials: good.length, finishedTrials: all.length, coverage, sure };
  return { ...findings, sentences: sentencesOf(findings, locale) };
}
