// trials.jsonl: append-only, one event a line, written synchronously so that a killed process
// loses at most the line being written. Reading skips a torn or corrupt line instead of failing.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { EpochPoint, TrialEvent, TrialRecord } from './events';

export class TrialLog {
  private fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  append(e: TrialEvent): void {
    writeSync(this.fd, JSON.stringify(e) + '\n');
    // a finished trial is worth a flush to the device; epochs are cheap to redo
    if (e.type === 'end') fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}

export interface ReadResult {
  trials: TrialRecord[];
  /** Lines that were not valid events (a torn last line after a crash). */
  skipped: number;
}

function isEvent(x: unknown): x is TrialEvent {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as { type?: unknown; trial?: unknown };
  return (e.type === 'start' || e.type === 'epoch' || e.type === 'end') && Number.isInteger(e.trial);
}

/** Folds the events into one record per trial, sorted by trial number. */
export function foldEvents(events: Iterable<TrialEvent>): TrialRecord[] {
  const byTrial = new Map<number, TrialRecord>();
  for (const e of events) {
    if (e.type === 'start') {
      // a new start (resume) replaces what an earlier attempt recorded
      byTrial.set(e.trial, { trial: e.trial, seed: e.seed, params: e.params, backend: e.backend, status: 'running', curve: [] });
      continue;
    }
    const r = byTrial.get(e.trial);
    if (!r) continue;
    if (e.type === 'epoch') {
      const p: EpochPoint = { epoch: e.epoch, trainAcc: e.trainAcc, valAcc: e.valAcc, loss: e.loss };
      r.curve.push(p);
      r.valAcc = p.valAcc;
      r.trainAcc = p.trainAcc;
    } else {
      r.status = e.status;
      r.valAcc = e.valAcc;
      r.trainAcc = e.trainAcc;
      r.seconds = e.seconds;
      if (e.error !== undefined) r.error = e.error;
    }
  }
  return [...byTrial.values()].sort((a, b) => a.trial - b.trial);
}

export function readTrialLog(path: string): ReadResult {
  if (!existsSync(path)) return { trials: [], skipped: 0 };
  const events: TrialEvent[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const e: unknown = JSON.parse(line);
      if (isEvent(e)) events.push(e);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { trials: foldEvents(events), skipped };
}
