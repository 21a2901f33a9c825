// One search at a time per runs folder (= per workspace), across windows and processes.
// The lock is a file created with O_EXCL; a lock whose process is gone (same host) is stale
// and is taken over, so a crash never leaves the workspace locked.
import { hostname } from 'node:os';
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  host: string;
  run: string;
  time: string;
}

export class LockedError extends Error {
  constructor(readonly holder: LockInfo) {
    super(`another search is running in this workspace (run ${holder.run}, process ${holder.pid} on ${holder.host}, since ${holder.time}); stop it first`);
  }
}

export const lockPath = (runsRoot: string) => join(runsRoot, '.lock');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The current holder, or undefined when the lock is free or stale. */
export function readLock(runsRoot: string): LockInfo | undefined {
  let info: LockInfo;
  try {
    info = JSON.parse(readFileSync(lockPath(runsRoot), 'utf8')) as LockInfo;
  } catch {
    return undefined; // absent, or torn by a crash mid-write
  }
  if (info.host === hostname() && !alive(info.pid)) return undefined;
  return info;
}

/** Takes the lock for `run` or throws LockedError. Returns the release function. */
export function acquireLock(runsRoot: string, run: string): () => void {
  const path = lockPath(runsRoot);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const info: LockInfo = { pid: process.pid, host: hostname(), run, time: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readLock(runsRoot)?.pid === process.pid) rmSync(path, { force: true });
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(runsRoot);
      if (holder) throw new LockedError(holder);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`cannot take the lock ${path}`);
}
