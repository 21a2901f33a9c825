// A worker's refusal of run.fuse for memory: its facts, the error that carries them from a worker
// to the host, and the words (through the CLI's or the extension's translator). Outside core/train
// so that the extension host can word it without bundling training code.
import { untranslated, type Translate } from '../translate';

/** Why a population does not fit: what it asked for, what it costs and what fits (the CLI words it in the user's language). */
export interface FuseRefusal {
  wanted: number;
  memberBytes: number;
  budgetBytes: number;
  /** The largest population that fits the budget (0: not even one trial). */
  fits: number;
}

/** A worker that refused its population; the host rethrows it with the same facts. */
export class FuseRefusedError extends Error {
  constructor(readonly refusal: FuseRefusal) {
    super(fuseRefusalMessage(refusal));
  }
}

/** The refusal in words: English, or through the CLI's or the extension's translator. */
export function fuseRefusalMessage(r: FuseRefusal, t: Translate = untranslated): string {
  const whatToDo = r.fits >= 1 ? t('set run.fuse (or --fuse) to {0} or less', r.fits) : t('one trial does not fit: use fewer workers, a smaller network, or run.fuse 1 (no population)');
  return t(
    'run.fuse {0}: a population of {0} trials of this network needs about {1} per worker ({2} a trial), more than the {3} a worker may use here (half of the memory, shared by the workers); {4}',
    r.wanted,
    megabytes(r.wanted * r.memberBytes),
    megabytes(r.memberBytes),
    megabytes(r.budgetBytes),
    whatToDo,
  );
}

export function megabytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}
