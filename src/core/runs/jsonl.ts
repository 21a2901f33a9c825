// trials.jsonl: append-only, one event a line, written synchronously so that a killed process
// loses at most the line being written. Reading skips a torn or corrupt line instead of failing.
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import type { EpochPoint, TrialEvent, TrialRecord } from './events';

export class TrialLog {
  private fd: number;
  /** Bytes in the file: where the next line starts. */
  private size: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a+');
    this.size = fstatSync(this.fd).size;
    // A line torn by a crash (or a full disk) is ended here, so that it stays one skipped line
    // instead of swallowing the first event appended after it.
    if (this.size > 0 && !this.endsWithNewline()) this.write(Buffer.from('\n'));
  }

  append(e: TrialEvent): void {
    this.write(Buffer.from(JSON.stringify(e) + '\n'));
    // a finished trial is worth a flush to the device; epochs are cheap to redo
    if (e.type === 'end') fsyncSync(this.fd);
  }

  /** Writes all of `bytes` or, when the disk refuses the rest, takes back the part written (a
   * full disk writes what fits and then fails) and throws the disk's error. */
  private write(bytes: Buffer): void {
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done);
    } catch (e) {
      if (done > 0) {
        try {
          ftruncateSync(this.fd, this.size);
        } catch {
          // the torn line stays; the reader skips it and the next open ends it
        }
      }
      throw e;
    }
    this.size += done;
  }

  private endsWithNewline(): boolean {
    const last = Buffer.alloc(1);
    readSync(this.fd, last, 0, 1, this.size - 1);
    return last[0] === 0x0a;
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
