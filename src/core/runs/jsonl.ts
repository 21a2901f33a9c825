// trials.jsonl: append-only, one event a line, written synchronously so that a killed process
// loses at most the line being written. Reading skips a torn or corrupt line instead of failing, and
// replays the events through the one reducer (state.ts), from the start or from a byte offset.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import type { TrialEvent } from './events';
import { emptyRunState, replay, type RunState } from './state';

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

function isEvent(x: unknown): x is TrialEvent {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as { type?: unknown; trial?: unknown };
  return (e.type === 'start' || e.type === 'epoch' || e.type === 'end') && Number.isInteger(e.trial);
}

export interface LogRead {
  events: TrialEvent[];
  /** Lines that were not valid events (a torn line after a crash). */
  skipped: number;
  /** Byte offset just past the last line read: where the next read starts. */
  end: number;
}

/**
 * The events of the log from byte `from` on. A last line without its newline may still be being
 * written: it is left for the next read, unless `final` says the writer is gone.
 */
export function readLogFrom(path: string, from = 0, final = false): LogRead {
  let bytes: Buffer;
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      bytes = Buffer.alloc(Math.max(0, size - from));
      for (let done = 0; done < bytes.length; ) {
        const n = readSync(fd, bytes, done, bytes.length - done, from + done);
        if (n === 0) break;
        done += n;
      }
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], skipped: 0, end: from };
    throw e;
  }
  const events: TrialEvent[] = [];
  let skipped = 0;
  let start = 0;
  for (;;) {
    let stop = bytes.indexOf(0x0a, start);
    if (stop < 0) {
      if (!final || start >= bytes.length) break;
      stop = bytes.length;
    }
    const line = bytes.toString('utf8', start, stop);
    start = stop + 1;
    if (!line.trim()) continue;
    try {
      const e: unknown = JSON.parse(line);
      if (isEvent(e)) events.push(e);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { events, skipped, end: from + Math.min(start, bytes.length) };
}

/** A log replayed from its first line to its last (a finished run, or a snapshot of a live one). */
export function readTrialLog(path: string): { state: RunState; skipped: number } {
  const { events, skipped } = readLogFrom(path, 0, true);
  return { state: replay(events), skipped };
}

/** Follows a log that another process may be writing: each refresh reads only the lines appended
 * since the last one and applies them to `state`. */
export class LogFollower {
  state: RunState = emptyRunState();
  skipped = 0;
  private offset = 0;

  constructor(readonly path: string) {}

  /** The events read this time. */
  refresh(): TrialEvent[] {
    let size = 0;
    try {
      size = statSync(this.path).size;
    } catch {
      // no log yet
    }
    if (size < this.offset) {
      // truncated or replaced: start over
      this.state = emptyRunState();
      this.skipped = 0;
      this.offset = 0;
    }
    const read = readLogFrom(this.path, this.offset);
    this.offset = read.end;
    this.skipped += read.skipped;
    replay(read.events, this.state);
    return read.events;
  }
}
