// Failed writes of a run, in words: which folder, why, and what became of the run.
import { join } from 'node:path';
import { TRIALS_FILE } from '../runs/store';

export function diskError(dir: string, e: Error, started = true): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const outcome = started ? 'The run stopped' : 'Nothing was run';
  if (code === 'ENOSPC') return new Error(`the disk is full: cannot write to ${dir}. ${outcome}${started ? `; every finished epoch is in ${join(dir, TRIALS_FILE)}` : ''}.`);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return new Error(`cannot write to ${dir} (${code}: read-only or not permitted). ${outcome}.`);
  return e;
}
