// Where the pieces the end-to-end tests drive live: written by test/e2e/setup.sh.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');
export const CACHE = join(REPO, '.e2e');
export const VSIX = join(CACHE, 'hparam-lab.vsix');
export const RESULTS = join(REPO, 'test-results', 'e2e');

export interface Tools {
  /** Node 24, the runtime code-server requires. */
  node: string;
  /** code-server's entry script, run with `node`. */
  codeServer: string;
  chromium: string;
}

export function tools(): Tools {
  const file = join(CACHE, 'paths.json');
  if (!existsSync(file)) throw new Error(`e2e: ${file} is missing: run test/e2e/setup.sh first`);
  const found = JSON.parse(readFileSync(file, 'utf8')) as Tools;
  for (const path of [found.node, found.codeServer, found.chromium]) {
    if (!existsSync(path)) throw new Error(`e2e: ${path} is missing: run test/e2e/setup.sh again`);
  }
  return found;
}
