// The panel's words. The host sends them localised in `init.strings`; a missing key falls back
// to the English default here, so a new string never shows up blank.
export const DEFAULT_STRINGS = {
  waiting: 'Waiting for the run…',
  liveCurves: 'Running trials',
  liveEmpty: 'No trial is running.',
  bestCurves: 'Curves of the best {0} trials',
  bestN: 'Best trials',
  bestCount: 'Show',
  bestTitle: 'Best-{0}',
  scatter: 'Searched parameters',
  history: 'Final validation accuracy by trial',
  parallel: 'Parameters and validation accuracy',
  parallelTopK: 'Best {0} only',
  parallelHint: 'Drag along an axis to keep a range; click the axis to clear it.',
  parallelSampled: 'Showing {0} of {1} finished trials: the best {2} within the brushes and an even sample of the rest.',
  parallelKept: '{0} of {1} trials lie within the brushes.',
  clearBrushes: 'Clear brushes',
  importance: 'Parameter importance',
  findings: 'Findings',
  rounds: 'Round',
  round: 'Round {0}',
  roundsCaption: 'Val acc by round (dashed: the ranges of earlier rounds; grey: their trials)',
  roundsBest: 'Best',
  roundsMedian: 'Median',
  roundsLowest: 'Best {0}: lowest',
  roundsSpread: 'Best {0}: spread',
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
  workers: '{0} workers',
  workersOne: '1 worker',
  workersNone: 'waiting for a worker',
  testSetNote: 'Test accuracy (test.json) is for reporting only, never for choosing: choose by val acc (§6.5.1).',
  trialsDone: '{0} / {1} trials',
  best: 'Best val acc {0} (trial {1})',
  running: 'running',
  done: 'done',
  completed: 'completed',
  pruned: 'pruned',
  diverged: 'diverged',
  failed: 'failed',
  cancelled: 'cancelled',
  note: 'Note',
  noteEditRun: 'Note…',
  noteEditTrial: 'Note on trial {0}…',
  noteOfTrial: 'Note on trial {0}',
} as const;

export type StringKey = keyof typeof DEFAULT_STRINGS;

/** The string for `key`, with {0}, {1}… replaced by `args`. */
export function localize(strings: Record<string, string>, key: StringKey, ...args: (string | number)[]): string {
  const template = strings[key] ?? DEFAULT_STRINGS[key];
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}
