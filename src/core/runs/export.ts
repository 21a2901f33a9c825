// A run's results as CSV (one row per trial, best first, one column per searched param) and as
// JSON (the same ranking with every curve), for spreadsheets, pandas and scripts.
import type { ParamValue } from '../spec/types';
import type { TrialRecord } from './events';
import type { RunInfo } from './store';
import { emptyNotes, type RunNotes } from './notes';
import { rankTrials } from '../search/ranking';
import { paramImportance } from '../search/importance';
import { runFindings, type FindingsLocale } from '../search/findings';

/** The searched params' paths: the spec's order first, then any a trial recorded beyond them. */
export function paramColumns(run: Pick<RunInfo, 'spec' | 'trials'>): string[] {
  const columns = Object.keys(run.spec.search.params);
  for (const t of run.trials) for (const key of Object.keys(t.params)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

function cellText(value: ParamValue | number | string | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (cells: string[]) => cells.map(csvField).join(',');

/** `notes`: the run's notes (notes.json); each trial's note is the last column. */
export function exportCsv(run: Pick<RunInfo, 'spec' | 'trials'>, notes: RunNotes = emptyNotes()): string {
  const params = paramColumns(run);
  const header = ['rank', 'trial', 'status', 'valAcc', 'trainAcc', 'epochs', 'seconds', 'seed', 'backend', ...params, 'error', 'note'];
  const rows = rankTrials(run.trials).map((t: TrialRecord, i: number) =>
    csvLine([
      String(i + 1),
      String(t.trial),
      t.status,
      cellText(t.valAcc),
      cellText(t.trainAcc),
      String(t.curve.length),
      cellText(t.seconds),
      String(t.seed),
      t.backend,
      ...params.map((p) => cellText(t.params[p])),
      t.error ?? '',
      notes.trials[t.trial] ?? '',
    ]),
  );
  return [csvLine(header), ...rows].join('\r\n') + '\r\n';
}

/** `notes`: the run's note becomes `note` beside the name, a trial's note its `note` field.
 * `findings` (core/search/findings.ts) are the run's findings, their sentences in `locale`; the
 * CSV has none: it is one row per trial, and a run-level text would break the table pandas reads. */
export function exportJson(run: Pick<RunInfo, 'name' | 'status' | 'spec' | 'trials'>, notes: RunNotes = emptyNotes(), locale: FindingsLocale = 'en'): string {
  const trials = rankTrials(run.trials).map((t: TrialRecord, i: number) => {
    const note = notes.trials[t.trial];
    return note === undefined ? { rank: i + 1, ...t } : { rank: i + 1, ...t, note };
  });
  const runNote = notes.run === undefined ? {} : { note: notes.run };
  const { params } = run.spec.search;
  const findings = runFindings(run.trials, params, paramImportance(run.trials, params), locale);
  return JSON.stringify({ name: run.name, status: run.status, ...runNote, spec: run.spec, findings, trials }, null, 2) + '\n';
}
