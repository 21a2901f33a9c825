// The findings' words in English and Japanese (findings.ts picks the sentences, this file says
// them), and numbers written the way the book's Python prints them: 0.001, 0.0001, then 1e-05
// style below 1e-4 (here without Python's padded exponent: 1e-6).
import type { ParamValue } from '../spec/types';

export type FindingsLocale = 'en' | 'ja';

const WORDS = {
  en: {
    mostImportant: '{name} matters most: good values lie between about {lo} and {hi}.',
    mostImportantChoice: '{name} matters most: the good trials used {choices}.',
    goodRange: 'Good values of {name} lie between about {lo} and {hi}.',
    goodChoice: 'For {name}, the good trials used {choices}.',
    mattersLittle: '{name} matters little in this range ({lo} to {hi}): the good trials are spread over it.',
    mattersLittleChoice: '{name} matters little among {choices}: the good trials used them alike.',
    bothMatter: 'No single parameter dominates: {a} and {b} both matter.',
    severalMatter: 'No single parameter dominates: {list} all matter.',
    noneMatters: 'No parameter made a clear difference in these ranges.',
    tooFew: 'Only {n} of {total} trials did well (val acc ≥ {t}): too few to tell which parameter matters or where good values lie.',
    basis: '{n} of {total} trials did well (val acc ≥ {t}, halfway from the median to the best).',
    noTrials: 'No trial has finished with a val acc yet: nothing to tell.',
    and: ' and ',
    comma: ', ',
  },
  ja: {
    mostImportant: '{name}が最も重要です。よい値はおよそ {lo} から {hi} の間にあります。',
    mostImportantChoice: '{name}が最も重要です。よい試行は {choices} を使っていました。',
    goodRange: '{name}のよい値はおよそ {lo} から {hi} の間にあります。',
    goodChoice: '{name}については、よい試行は {choices} を使っていました。',
    mattersLittle: '{name}はこの範囲（{lo} 〜 {hi}）ではあまり影響しません。よい試行が範囲全体に散らばっています。',
    mattersLittleChoice: '{name}は {choices} のどれでもあまり変わりません。よい試行はどれも同じように使っていました。',
    bothMatter: '一つのパラメータだけが支配的ではありません。{a}と{b}の両方が効いています。',
    severalMatter: '一つのパラメータだけが支配的ではありません。{list}のいずれもが効いています。',
    noneMatters: 'この範囲では、はっきりと差を生んだパラメータはありません。',
    tooFew: 'よい結果の試行は {total} 件中 {n} 件だけです（val acc ≥ {t}）。どのパラメータが重要か、よい値がどこにあるかを言うには少なすぎます。',
    basis: '{total} 件中 {n} 件の試行がよい結果でした（val acc ≥ {t}：中央値と最良値の中間以上）。',
    noTrials: 'val acc のある終了した試行がまだありません。まだ何も言えません。',
    and: 'と',
    comma: '、',
  },
} as const;

export type FindingsWord = keyof (typeof WORDS)['en'];

/** The book's names for the params it searches (and a few more); any other param is named by its path. */
const PARAM_NAMES: Record<string, Record<FindingsLocale, string>> = {
  'training.lr': { en: 'the learning rate', ja: '学習係数' },
  'training.weightDecay': { en: 'weight decay', ja: '荷重減衰（weight decay）' },
  'training.batchSize': { en: 'the batch size', ja: 'バッチサイズ' },
  'training.momentum': { en: 'momentum', ja: 'モーメンタム' },
  'model.dropout': { en: 'the dropout ratio', ja: 'Dropout の比率' },
};

export function paramName(path: string, locale: FindingsLocale): string {
  return PARAM_NAMES[path]?.[locale] ?? path;
}

/** The sentence `key` in `locale`, with {name}-style slots filled; an English sentence starts upper-case
 * unless it starts with a param's dotted path. */
export function sentence(locale: FindingsLocale, key: FindingsWord, slots: Record<string, string | number> = {}): string {
  const text = WORDS[locale][key].replace(/\{(\w+)\}/g, (whole, slot: string) => (slot in slots ? String(slots[slot]) : whole));
  return /^[a-z]+ /.test(text) ? text.charAt(0).toUpperCase() + text.slice(1) : text; // a param's path stays as written
}

/** "a, b and c" / "a、b、c". */
export function listOf(items: readonly string[], locale: FindingsLocale): string {
  const w = WORDS[locale];
  if (locale === 'ja') return items.join(w.comma);
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(w.comma)}${w.and}${items.at(-1)}`;
}

/** A number as the book's Python prints it: 0.001, 0.0001, 1e-6, 2.5e-8, 100. */
export function bookNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const clean = Number(x.toPrecision(12)); // drops float noise such as 0.30000000000000004
  return clean !== 0 && Math.abs(clean) < 1e-4 ? clean.toExponential().replace('e+', 'e') : String(clean);
}

/** A choice as search.json writes it. */
export const choiceText = (value: ParamValue): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** x rounded outwards to one significant digit (down for a lower bound, up for an upper one): the
 * "about" of a sentence, which never claims a narrower range than the good trials span. */
export function aboutBound(x: number, direction: 'down' | 'up'): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const step = 10 ** Math.floor(Math.log10(Math.abs(x)));
  const q = x / step;
  const nearest = Math.round(q);
  const whole = Math.abs(q - nearest) < 1e-9 ? nearest : direction === 'down' ? Math.floor(q) : Math.ceil(q);
  return Number((whole * step).toPrecision(2));
}
