// A worker's refusal of run.fuse for memory, in the user's language.
import { FuseRefusedError, fuseRefusalMessage } from '../core/session/fuse-refusal';
import { t } from './l10n';

/** The error as the CLI prints it: a refused population worded by l10n, any other error as it is. */
export const errorText = (e: unknown): string =>
  e instanceof FuseRefusedError ? fuseRefusalMessage(e.refusal, t) : e instanceof Error ? e.message : String(e);
