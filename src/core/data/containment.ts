// Where a spec's data.source.idx really leads, and whether that is inside the workspace. A
// search.json is text anyone can hand you: "../../.." or a symlink in the folder it names must not
// make a training run read files elsewhere without the user saying so. Pure (node:fs only), so
// the extension asks before running and the tests check it with real links.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { DataSpec } from '../spec/types';
import { TRAIN_IMAGES, TRAIN_LABELS } from './load';

/** The path with every symlink resolved as far as it exists; the missing rest is appended as written. */
export function realPathSoFar(path: string): string {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      return join(realpathSync(p), ...missing);
    } catch {
      if (dirname(p) === p) return resolve(path);
      missing.unshift(basename(p));
    }
  }
}

/** True when `path`, links resolved, is `folder` or lies below it (links in `folder` resolved too). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(realPathSoFar(folder), realPathSoFar(path));
  return !(rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel));
}

/** The files the IDX loader opens in a data folder (each plain or gzipped). */
const IDX_FILES = [TRAIN_IMAGES, TRAIN_LABELS].flatMap((name) => [name, `${name}.gz`]);

/** Where the data of a spec at `specPath` would be read from when that is outside every one of
 * `workspaceFolders` (the folder itself or a link inside it leading out); undefined when the data
 * stays inside, or is the embedded MNIST. */
export function dataOutsideWorkspace(source: DataSpec['source'], specPath: string, workspaceFolders: readonly string[]): string | undefined {
  if (source === 'mnist') return undefined;
  const dir = resolve(dirname(specPath), source.idx);
  for (const path of [dir, ...IDX_FILES.map((name) => join(dir, name))]) {
    if (!workspaceFolders.some((folder) => isInside(folder, path))) return realPathSoFar(path);
  }
  return undefined;
}
