// `npm run bench -- --baseline REV`: another revision of this repository, checked out in a
// temporary git worktree (sharing this node_modules) and built, so that its search runs beside
// ours in the same sitting, on the same machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

export interface Baseline {
  rev: string;
  /** The checkout's root (its dist/ built). */
  root: string;
  remove(): void;
}

export function prepareBaseline(rev: string): Baseline {
  const short = execFileSync('git', ['rev-parse', '--short', rev], { cwd: ROOT, encoding: 'utf8' }).trim();
  const root = join(mkdtempSync(join(tmpdir(), 'hpl-baseline-')), short);
  execFileSync('git', ['worktree', 'add', '--detach', root, rev], { cwd: ROOT, stdio: 'ignore' });
  const remove = () => {
    execFileSync('git', ['worktree', 'remove', '--force', root], { cwd: ROOT, stdio: 'ignore' });
    rmSync(resolve(root, '..'), { recursive: true, force: true });
  };
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'ignore' });
  } catch (e) {
    remove();
    throw new Error(`cannot build the baseline ${rev}: ${(e as Error).message}`);
  }
  return { rev: short, root, remove };
}
