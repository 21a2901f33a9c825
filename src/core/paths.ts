import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let root: string | undefined;

/** The folder of hparam-lab's package.json, found from this file upward: the same from the
 * bundles in dist/, from sources run by tsx and from an installed extension. */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === 'hparam-lab') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`hparam-lab: cannot find the package root above ${__dirname}`);
    dir = up;
  }
}

let version: string | undefined;

/** hparam-lab's version, from its package.json. */
export function packageVersion(): string {
  return (version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}
