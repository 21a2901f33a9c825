// What the runs tree shows, computed without vscode: order, labels, descriptions, icons, tooltips.
import { formatParamValue } from '../../core/format';
import type { TrialRecord, TrialStatus } from '../../core/runs/events';
import type { RunInfo, RunStatus } from '../../core/runs/store';
import { bestValAcc } from '../../core/runs/state';
import { rankTrials } from '../../core/search/ranking';
import { lastValAcc } from '../../core/search/objective';
import type { Translate } from '../../core/translate';

/** Codicon ids by trial status (rendered as ThemeIcons). */
export const TRIAL_ICONS: Record<TrialStatus, string> = {
  running: 'sync~spin',
  completed: 'pass',
  pruned: 'debug-step-out',
  diverged: 'warning',
  failed: 'error',
  cancelled: 'circle-slash',
};

export const RUN_ICONS: Record<RunStatus, string> = {
  running: 'sync~spin',
  completed: 'beaker',
  cancelled: 'circle-slash',
  interrupted: 'debug-pause',
};

export const accuracyText = (acc: number | undefined) => (acc === undefined ? '—' : acc.toFixed(2));

/** Runs newest first: run folders start with their yyyymmdd-hhmmss stamp, so the folder name orders them. */
export function orderRuns<R extends Pick<RunInfo, 'dir'>>(runs: readonly R[]): R[] {
  const base = (dir: string) => dir.replace(/^.*[\\/]/, '');
  return [...runs].sort((a, b) => (base(a.dir) < base(b.dir) ? 1 : base(a.dir) > base(b.dir) ? -1 : 0));
}

/** "2026-12-01 21:26" from the run's start time (or its folder's stamp when run.json is missing). */
export function runDate(run: Pick<RunInfo, 'dir' | 'meta'>): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const started = new Date(run.meta.started);
  if (!Number.isNaN(started.getTime())) {
    return `${started.getFullYear()}-${p(started.getMonth() + 1)}-${p(started.getDate())} ${p(started.getHours())}:${p(started.getMinutes())}`;
  }
  const m = /(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})\d{2}/.exec(run.dir.replace(/^.*[\\/]/, ''));
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` : '';
}

export function runStatusText(status: RunStatus, t: Translate): string {
  switch (status) {
    case 'running': return t('running');
    case 'completed': return t('completed');
    case 'cancelled': return t('stopped');
    case 'interrupted': return t('interrupted');
  }
}

export function runDescription(run: Pick<RunInfo, 'dir' | 'meta' | 'status' | 'state'>, t: Translate): string {
  const parts = [runDate(run), runStatusText(run.status, t)];
  const best = bestValAcc(run.state);
  if (best !== undefined) parts.push(t('best {0}', accuracyText(best)));
  return parts.filter(Boolean).join(' · ');
}

/** Short names for the description: the last path segment, camelCase words reduced to initials
 * (training.weightDecay → wd, training.lr → lr); a name two params would share stays the full path. */
export function shortParamNames(paths: readonly string[]): Record<string, string> {
  const short = (path: string) => {
    const last = path.split('.').at(-1) ?? path;
    const words = last.split(/(?=[A-Z])/);
    return words.length > 1 ? words.map((w) => w[0]!.toLowerCase()).join('') : last;
  };
  const shortNames = paths.map(short);
  return Object.fromEntries(paths.map((p, i) => [p, shortNames.indexOf(shortNames[i]!) === shortNames.lastIndexOf(shortNames[i]!) ? shortNames[i]! : p]));
}

/** Scientific notation for fractional numbers (9.4e-3, as the book prints lr and decay); integers,
 * choices and arrays as they are. */
export function trialLabel(rank: number, trial: TrialRecord): string {
  return `#${rank}  ${accuracyText(lastValAcc(trial))}`;
}

export function trialDescription(trial: TrialRecord, paramPaths: readonly string[]): string {
  const names = shortParamNames(paramPaths);
  return paramPaths
    .filter((p) => trial.params[p] !== undefined)
    .map((p) => `${names[p]} ${formatParamValue(trial.params[p]!)}`)
    .join(' · ');
}

export function trialStatusText(status: TrialStatus, t: Translate): string {
  switch (status) {
    case 'running': return t('running');
    case 'completed': return t('completed');
    case 'pruned': return t('pruned');
    case 'diverged': return t('diverged');
    case 'failed': return t('failed');
    case 'cancelled': return t('cancelled');
  }
}

/** Markdown special characters escaped, so a param value or an error message renders as text. */
export const markdownText = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');

/** The tooltip: every param at full precision, the accuracies, epochs and backend, and the user's note. */
export function trialTooltip(trial: TrialRecord, epochs: number, t: Translate, note?: string, testAcc?: number): string {
  const lines = [`**${markdownText(t('Trial {0}', trial.trial))}** — ${markdownText(trialStatusText(trial.status, t))}`, ''];
  lines.push(`| ${markdownText(t('Param'))} | ${markdownText(t('Value'))} |`, '|---|---|');
  for (const [path, value] of Object.entries(trial.params)) {
    lines.push(`| ${markdownText(path)} | ${markdownText(typeof value === 'number' ? String(value) : JSON.stringify(value))} |`);
  }
  lines.push('');
  lines.push(markdownText(t('val acc {0} · train acc {1}', accuracyText(lastValAcc(trial)), accuracyText(trial.trainAcc ?? trial.curve.at(-1)?.trainAcc))));
  if (testAcc !== undefined) lines.push('', markdownText(t('test acc {0} (reported only: val acc chooses, §6.5.1)', testAcc.toFixed(4))));
  lines.push('');
  lines.push(markdownText(t('epochs {0}/{1} · backend {2} · seed {3}', trial.curve.length, epochs, trial.backend, trial.seed)));
  if (trial.host) lines.push('', markdownText(t('trained on {0} (a queue worker)', trial.host)));
  if (trial.error) lines.push('', markdownText(trial.error));
  if (note) lines.push('', noteMarkdown(note, t));
  return lines.join('\n');
}

/** A note for a markdown tooltip: a heading and the user's text as text (line breaks kept). */
export function noteMarkdown(note: string, t: Translate): string {
  return `**${markdownText(t('Note'))}**\n\n${note.split(/\r?\n/).map(markdownText).join('  \n')}`;
}

/** Put before a description when the row has a note. */
export const NOTE_MARKER = '✎';

export interface RankedTrial {
  rank: number;
  trial: TrialRecord;
}

/** The tree's children of a run: every trial, ranked by val acc (best first, rank from 1). */
export function rankedChildren(trials: readonly TrialRecord[]): RankedTrial[] {
  return rankTrials([...trials]).map((trial: TrialRecord, i: number) => ({ rank: i + 1, trial }));
}

/** Trials shown under a run at first, and added by each "Show more". */
export const TREE_PAGE = 100;

export interface VisibleChildren {
  /** The ranked trials to show (ranks among all the run's trials). */
  shown: RankedTrial[];
  /** Trials that pass the filter but are beyond `limit`. */
  hidden: number;
  /** Trials that pass the filter. */
  kept: number;
}

/** The first `limit` ranked trials that the panel's filter keeps (all when `filter` is undefined). */
export function visibleChildren(trials: readonly TrialRecord[], limit: number, filter?: ReadonlySet<number>): VisibleChildren {
  const ranked = rankedChildren(trials);
  const kept = filter ? ranked.filter((r) => filter.has(r.trial.trial)) : ranked;
  return { shown: kept.slice(0, limit), hidden: Math.max(0, kept.length - limit), kept: kept.length };
}

/** The run row's note on the panel's filter: "filtered in the panel: 12 of 100 trials". */
export function filterDescription(kept: number, total: number, t: Translate): string {
  return t('filtered in the panel: {0} of {1} trials', kept, total);
}
