// Which data a trial trains on, by content: the embedded MNIST by name, an IDX folder by the
// SHA-256 of its files. A worker trains only on the same bytes; it refuses otherwise.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DataSpec } from '../core/spec/types';
import type { DataIdentity } from './contract';
import { refusalInWords, type DataRefusal } from './words';

/** A worker has no folder with the trial's bytes: the message in English, the facts for other languages. */
export class DataRefusedError extends Error {
  constructor(readonly refusal: DataRefusal) {
    super(refusalInWords(refusal));
  }
}

/** The four files of an MNIST-style folder (the two training files are what trials read). */
const IDX_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/** SHA-256 of each IDX file in `dir` (raw or .gz), by the name found. */
export function hashIdxFolder(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const base of IDX_FILES) {
    for (const name of [base, base + '.gz']) {
      const path = join(dir, name);
      if (existsSync(path)) hashes[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  }
  return hashes;
}

/** The coordinator's side: what the trial's data is (files read once per run). */
export function dataIdentity(data: DataSpec, baseDir: string): DataIdentity {
  return data.source === 'mnist' ? 'mnist' : { idx: hashIdxFolder(resolve(baseDir, data.source.idx)) };
}

/**
 * The worker's side: a folder of its own with exactly these bytes, from the coordinator's path
 * (the same shared folder) or the folders given with --data; undefined for "mnist".
 * Throws the refusal (DataRefusedError) when none matches.
 */
export function findData(identity: DataIdentity, coordinatorDir: string, ownFolders: readonly string[], host: string): string | undefined {
  if (identity === 'mnist') return undefined;
  const wanted = JSON.stringify(sorted(identity.idx));
  const candidates = [coordinatorDir, ...ownFolders];
  for (const dir of candidates) if (existsSync(dir) && JSON.stringify(sorted(hashIdxFolder(dir))) === wanted) return dir;
  throw new DataRefusedError({ host, files: identity.idx, looked: candidates });
}

function sorted(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}
