// The header's words for a queue run's workers, the same as the status bar's (the host sends
// them translated in `init.strings`).
import { localize } from './strings';

/** "3 workers", "1 worker", "waiting for a worker"; '' when the shown run is not a queue run (null). */
export function workersStat(strings: Record<string, string>, workers: number | null): string {
  if (workers === null) return '';
  if (workers === 0) return localize(strings, 'workersNone');
  return workers === 1 ? localize(strings, 'workersOne') : localize(strings, 'workers', workers);
}
