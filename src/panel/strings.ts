// The panel's words. The host sends them localised in `init.strings`; a missing key falls back
// to the English default here, so a new string never shows up blank.
export const DEFAULT_STRINGS = {
  waiting: 'Waiting for the run…',
  liveCurves: 'Running trials',
  liveEmpty: 'No trial is running.',
  bestN: 'Best trials',
  bestCount: 'Show',
  bestTitle: 'Best-{0}',
  scatter: 'Searched parameters',
  history: 'Final validation accuracy by trial',
  importance: 'Parameter importance',
  trial: 'Trial',
  epoch: 'Epoch',
  accuracy: 'Accuracy',
  valAcc: 'Validation accuracy',
  trainAcc: 'Training accuracy',
  bestSoFar: 'Best so far',
  status: 'Status',
  epochs: 'Epochs',
  share: 'Share',
  parameter: 'Parameter',
  backend: 'Backend',
  trialsDone: '{0} / {1} trials',
  best: 'Best val acc {0} (trial {1})',
  running: 'running',
  done: 'done',
  completed: 'completed',
  pruned: 'pruned',
  diverged: 'diverged',
  failed: 'failed',
  cancelled: 'cancelled',
} as const;

export type StringKey = keyof typeof DEFAULT_STRINGS;

/** The string for `key`, with {0}, {1}… replaced by `args`. */
export function localize(strings: Record<string, string>, key: StringKey, ...args: (string | number)[]): string {
  const template = strings[key] ?? DEFAULT_STRINGS[key];
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}
