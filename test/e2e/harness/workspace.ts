// Throwaway workspaces and the run files the extension writes into them (read from disk, the
// source of truth the tree and the panel are checked against).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TrialEvent } from '../../../src/core/runs/events';

export function makeWorkspace(files: Record<string, string | object> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hpl-e2e-ws-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
  return dir;
}

export const removeWorkspace = (dir: string) => rmSync(dir, { recursive: true, force: true });

/** Run folders under the workspace's runs root, oldest first (their names start with a stamp). */
export function runDirs(workspace: string): string[] {
  const root = join(workspace, '.hparam-lab', 'runs');
  if (!existsSync(root)) return [];
  return readdirSync(root).filter((name) => /^\d{8}-\d{6}-/.test(name)).sort().map((name) => join(root, name));
}

/** The events of a run's trials.jsonl; a torn last line is skipped, as the store does. */
export function readEvents(runDir: string): TrialEvent[] {
  const file = join(runDir, 'trials.jsonl');
  if (!existsSync(file)) return [];
  const events: TrialEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      events.push(JSON.parse(line) as TrialEvent);
    } catch { /* torn last line */ }
  }
  return events;
}

export interface TrialSummary {
  trial: number;
  status?: string;
  epochs: number[];
  valAcc?: number;
}

/** Per trial: the epochs recorded, its last status and its final val acc (the last curve point);
 * a later `start` of the same trial (a resumed trial) replaces what was recorded before, as in the store. */
export function summarize(events: readonly TrialEvent[]): Map<number, TrialSummary> {
  const trials = new Map<number, TrialSummary>();
  const of = (n: number) => trials.get(n) ?? trials.set(n, { trial: n, epochs: [] }).get(n)!;
  for (const e of events) {
    if (e.type === 'start') trials.delete(e.trial);
    const t = of(e.trial);
    if (e.type === 'epoch') {
      t.epochs.push(e.epoch);
      t.valAcc = e.valAcc;
    } else if (e.type === 'end') {
      t.status = e.status;
    }
  }
  return trials;
}

/** How many `end` events each trial has with the given status. */
export function endCounts(events: readonly TrialEvent[], status: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const e of events) if (e.type === 'end' && e.status === status) counts.set(e.trial, (counts.get(e.trial) ?? 0) + 1);
  return counts;
}
