// A worker's refusal of run.fuse for memory, in the user's language: what the population costs,
// a trial's share of it, the worker's budget, and what to set instead.
import { FuseRefusedError, megabytes } from '../core/train/population-size';
import { t } from './l10n';

/** The error as the CLI prints it: a refused population worded by l10n, any other error as it is. */
export function errorText(e: unknown): string {
  if (!(e instanceof FuseRefusedError)) return e instanceof Error ? e.message : String(e);
  const { wanted, memberBytes, budgetBytes, fits } = e.refusal;
  const whatToDo = fits >= 1 ? t('set run.fuse (or --fuse) to {0} or less', fits) : t('one trial does not fit: use fewer workers, a smaller network, or run.fuse 1 (no population)');
  return t(
    'run.fuse {0}: a population of {0} trials of this network needs about {1} per worker ({2} a trial), more than the {3} a worker may use here (half of the memory, shared by the workers); {4}',
    wanted,
    megabytes(wanted * memberBytes),
    megabytes(memberBytes),
    megabytes(budgetBytes),
    whatToDo,
  );
}
