// The report's words in English and Japanese. The report is written by the CLI (its locale) and by
// the extension (VS Code's language), so it carries its own two catalogs rather than either one's
// translation mechanism; the type makes a missing Japanese string a compile error.
const EN = {
  title: 'Hyperparameter Lab report: {0}',
  generated: 'Written {0} from {1}.',
  spec: 'Search',
  specLine: '{0} search, {1} trials × {2} epochs; {3} training images, {4} held out for validation; backend {5}.',
  searched: 'Searched ranges',
  finished: '{0} of {1} trials finished; best val acc {2} (trial {3}).',
  noFinished: 'No trial has finished yet.',
  best20: 'Best-20 (val acc solid, train acc dashed)',
  best20Empty: 'No trial has a val acc yet, so there is no Best-20 figure.',
  scatter: 'Searched parameters, coloured by val acc',
  scatterRounds: 'Searched parameters, coloured by val acc; rectangles: each round\'s ranges (this run solid, earlier rounds dashed), grey: earlier rounds\' trials',
  importance: 'Parameter importance (share of the explained variance of the final val acc)',
  importanceEmpty: 'Too few finished trials to estimate importance.',
  findings: 'Findings',
  rounds: 'Rounds',
  roundsHead: 'Round|Run|Trials|Best|Median|Top-{0} lowest|Top-{0} spread',
  notes: 'Notes',
  runNote: 'Note on the run',
  trialNote: 'Trial {0}',
  test: 'Test data',
  testLine: 'Trial {0}: test acc {1} (val acc {2})',
  testWhy: 'Test data only reports: the trials were chosen by val acc, and test accuracy is never used for ranking or narrowing (§6.5.1).',
  trial: 'Trial',
  valAcc: 'val acc',
  trainAcc: 'train acc',
  share: 'share',
  files: 'The figure beside this file: {0}',
  noPng: 'No best-20.png: the PNG rasteriser (@resvg/resvg-js) has no prebuilt binary here (the universal package carries none; install the package for your platform, or run hparam-lab report). best-20.svg is the same figure.',
} as const;

export type ReportStringKey = keyof typeof EN;
export type ReportStrings = Record<ReportStringKey, string>;

const JA: ReportStrings = {
  title: 'Hyperparameter Lab レポート: {0}',
  generated: '{1} から {0} に作成。',
  spec: '探索',
  specLine: '{0} 探索、{1} 試行 × {2} エポック。訓練画像 {3} 枚のうち {4} 枚を検証用に分けています。バックエンド {5}。',
  searched: '探索した範囲',
  finished: '{1} 試行のうち {0} 試行が終了。最良の検証データの認識精度 (val acc) は {2}(試行 {3})。',
  noFinished: 'まだ終了した試行はありません。',
  best20: 'Best-20(検証データの認識精度 val acc は実線、訓練データの認識精度 train acc は破線)',
  best20Empty: '検証データの認識精度 (val acc) のある試行がまだないため、Best-20 の図はありません。',
  scatter: '探索したパラメータ(色は検証データの認識精度 val acc)',
  scatterRounds: '探索したパラメータ(色は検証データの認識精度 val acc)。長方形は各ラウンドの範囲(この実行は実線、前のラウンドは破線)、灰色は前のラウンドの試行',
  importance: 'パラメータの重要度(最終の検証データの認識精度 val acc の分散のうち説明された割合)',
  importanceEmpty: '終了した試行が少なすぎて重要度を推定できません。',
  findings: 'わかったこと',
  rounds: 'ラウンド',
  roundsHead: 'ラウンド|実行|試行|最良|中央値|上位 {0} の最低|上位 {0} の幅',
  notes: 'メモ',
  runNote: '実行のメモ',
  trialNote: '試行 {0}',
  test: 'テストデータ',
  testLine: '試行 {0}: テストデータの認識精度 {1}(検証データの認識精度 {2})',
  testWhy: 'テストデータは報告のためだけに使います。試行は検証データの認識精度 (val acc) で選び、テストデータの認識精度は順位付けにも範囲の絞り込みにも使いません(§6.5.1)。',
  trial: '試行',
  valAcc: '検証 (val acc)',
  trainAcc: '訓練 (train acc)',
  share: '割合',
  files: 'このファイルの横にある図: {0}',
  noPng: 'best-20.png はありません: PNG を描く @resvg/resvg-js のビルド済みバイナリがここにありません(汎用パッケージには含まれません。お使いのプラットフォーム用のパッケージを入れるか、hparam-lab report を使ってください)。best-20.svg は同じ図です。',
};

export const REPORT_LOCALES = ['en', 'ja'] as const;
export type ReportLocale = (typeof REPORT_LOCALES)[number];

/** "ja" for Japanese (ja, ja-JP, ja_JP.UTF-8), else English. */
export const reportLocale = (language: string | undefined): ReportLocale => (/^ja\b|^ja[_-]/i.test(language ?? '') ? 'ja' : 'en');

export const reportStrings = (locale: ReportLocale): ReportStrings => (locale === 'ja' ? JA : EN);

/** The string with {0}, {1}… replaced by `args`. */
export function fill(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
}
