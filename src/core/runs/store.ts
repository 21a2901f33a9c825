// The run store: one folder per run under the runs root (default <workspace>/.hparam-lab/runs):
//   spec.json     the exact spec that ran, defaults filled, run.backend = the backend that really ran
//   run.json      facts about the run (where the spec came from, when, backend note, clean stop)
//   trials.jsonl  the events, append-only (see jsonl.ts)
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Distribution, SearchSpec } from '../spec/types';
import type { TrialRecord } from './events';
import { LogFollower, readTrialLog } from './jsonl';
import { readLock } from './lock';
import { finishedCount, trialList, type RunState } from './state';

export interface RunMeta {
  specPath: string;
  started: string;
  /** Set when the run ended by itself or by a clean stop; absent after a crash. */
  ended?: string;
  stopped?: boolean;
  backendNote?: string;
  version: string;
  /** The run folder's name whose narrowed ranges this run searched (its search.narrowedFrom). */
  parent?: string;
  /** 1 for a first search, the parent's round + 1 after narrowing (absent in older runs: 1). */
  round?: number;
  /** The ranges this run searched, as its spec.json's search.params. */
  ranges?: Record<string, Distribution>;
}

export type RunStatus = 'running' | 'completed' | 'cancelled' | 'interrupted';

export interface RunInfo {
  dir: string;
  name: string;
  spec: SearchSpec;
  meta: RunMeta;
  /** The reducer's state of the run's events. */
  state: RunState;
  /** Its records in trial-number order. */
  trials: TrialRecord[];
  status: RunStatus;
  skippedLines: number;
}

export const TRIALS_FILE = 'trials.jsonl';

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** A file name part from the spec's name: letters, digits, '.', '_' and '-'. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'search';
}

/** Writes a file completely or not at all (temp file + rename). */
export function writeFileAtomic(path: string, text: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** A run folder name under the root that does not exist yet (call while holding the lock). */
export function nextRunDir(runsRoot: string, name: string, now = new Date()): string {
  const base = join(runsRoot, `${stamp(now)}-${slug(name)}`);
  for (let i = 1; ; i++) {
    const dir = i === 1 ? base : `${base}-${i}`;
    if (!existsSync(dir)) return dir;
  }
}

export function writeRunFiles(dir: string, spec: SearchSpec, meta: RunMeta): void {
  writeFileAtomic(join(dir, 'spec.json'), JSON.stringify(spec, null, 2) + '\n');
  writeRunMeta(dir, meta);
}

export function writeRunMeta(dir: string, meta: RunMeta): void {
  writeFileAtomic(join(dir, 'run.json'), JSON.stringify(meta, null, 2) + '\n');
}

function runStatus(dir: string, spec: SearchSpec, meta: RunMeta, state: RunState): RunStatus {
  if (finishedCount(state) >= spec.search.trials) return 'completed';
  const runsRoot = join(dir, '..');
  if (readLock(runsRoot)?.run === basename(dir)) return 'running';
  return meta.stopped ? 'cancelled' : 'interrupted';
}

export function readSpec(dir: string): SearchSpec {
  const specFile = join(dir, 'spec.json');
  if (!existsSync(specFile)) throw new Error(`${dir} is not a run folder (no spec.json)`);
  return JSON.parse(readFileSync(specFile, 'utf8')) as SearchSpec;
}

/** A run's run.json; an empty one when it is missing or damaged. */
export function readMeta(dir: string): RunMeta {
  try {
    return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
  } catch {
    return { specPath: '', started: '', version: '' };
  }
}

/** A run as the views see it, from its spec, its facts and its state. `status` is read from the
 * disk (the lock) unless the caller knows it. */
export function runInfo(dir: string, spec: SearchSpec, meta: RunMeta, state: RunState, skippedLines = 0, status?: RunStatus): RunInfo {
  status ??= runStatus(dir, spec, meta, state);
  return { dir, name: spec.name, spec, meta, state, trials: trialList(state), status, skippedLines };
}

/** Reads one run; throws a clear error when the folder is not a run. */
export function readRun(dir: string): RunInfo {
  const spec = readSpec(dir);
  const { state, skipped } = readTrialLog(join(dir, TRIALS_FILE));
  return runInfo(dir, spec, readMeta(dir), state, skipped);
}

/** One run read again and again while another process writes it: trials.jsonl only from where
 * the last read stopped (spec.json once; run.json and the lock, which are small, each time). */
export class RunFollower {
  private readonly spec: SearchSpec;
  private readonly log: LogFollower;

  constructor(readonly dir: string) {
    this.spec = readSpec(dir);
    this.log = new LogFollower(join(dir, TRIALS_FILE));
  }

  read(): RunInfo {
    this.log.refresh();
    return runInfo(this.dir, this.spec, readMeta(this.dir), this.log.state, this.log.skipped);
  }
}

/** The run folders under the root (those holding a spec.json). */
export function runDirs(runsRoot: string): string[] {
  if (!existsSync(runsRoot)) return [];
  return readdirSync(runsRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(runsRoot, entry.name, 'spec.json')))
    .map((entry) => join(runsRoot, entry.name));
}

export function deleteRun(dir: string): void {
  if (!existsSync(join(dir, 'spec.json'))) throw new Error(`${dir} is not a run folder`);
  rmSync(dir, { recursive: true, force: true });
}
