// The RUN_DIR argument of narrow and rounds: a run folder, or a usage error that says what to give.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readRun, type RunInfo } from '../core/runs/store';
import { t } from './l10n';
import { UsageError } from './subcommands';

export function runArg(arg: string | undefined, command: string): RunInfo {
  if (!arg) throw new UsageError(t('{0} needs one RUN_DIR', command));
  const dir = resolve(arg);
  if (!existsSync(join(dir, 'spec.json'))) throw new UsageError(t('{0} is not a run folder (it has no spec.json): give a folder under .hparam-lab/runs', dir));
  return readRun(dir);
}

/** --top K: a whole number from 1. */
export function topArg(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(t('--top must be a whole number from 1, not "{0}"', value));
  return Number(value);
}
