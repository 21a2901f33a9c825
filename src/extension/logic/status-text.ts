// The status bar's words for the running search: its progress, and for a queue run how many
// workers train it (the coordinator executor reports each change), so a run that waits for a
// worker says so instead of looking stuck.
import type { Translate } from '../../core/translate';

/** "3 workers", "1 worker", "waiting for a worker"; undefined for a run on this machine's threads. */
export function workersText(workers: number | undefined, t: Translate): string | undefined {
  if (workers === undefined) return undefined;
  if (workers === 0) return t('waiting for a worker');
  return workers === 1 ? t('1 worker') : t('{0} workers', workers);
}

/** "$(beaker) 12/100 · best 0.87 · 3 workers". */
export function searchStatusText(progress: string, workers: number | undefined, t: Translate): string {
  const words = workersText(workers, t);
  return `$(beaker) ${progress}${words ? ` · ${words}` : ''}`;
}
