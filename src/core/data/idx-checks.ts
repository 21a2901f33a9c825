// One IDX file checked without training on it: its header read (inflating only the start of a
// .gz), its size held against the header (the plain size, or a .gz's footer), its labels read once.
import { kMaxLength } from 'node:buffer';
import { closeSync, readSync } from 'node:fs';
import { constants as zlib, gunzipSync } from 'node:zlib';
import { IDX_MAX_HEADER, IdxError, openIdx, parseHeader, type IdxFile } from './idx';

export const thousands = (n: number) => n.toLocaleString('en-US');
export const shapeText = (dims: readonly number[]) => dims.join(' × ');

export interface Header {
  file: IdxFile;
  dims: number[];
  headerBytes: number;
}

/** The bytes the header says the (uncompressed) file has. */
const declaredBytes = (h: Header) => h.headerBytes + h.dims.reduce((a, b) => a * b, 1);

export function readHeader(file: IdxFile): Header {
  if (file.stat.size === 0) throw new IdxError(`${file.path}: is empty (0 bytes) — download or copy it again`);
  const fd = openIdx(file);
  try {
    const head = file.gz ? gzipHead(file, fd) : readAt(fd, 0, Math.min(IDX_MAX_HEADER, file.stat.size));
    return { file, ...parseHeader(file.path, head) };
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const got = readSync(fd, buf, 0, length, position);
  return buf.subarray(0, got);
}

/** The smallest gzip file: a 10-byte header, an empty deflate stream and the 8-byte footer. */
const GZIP_MIN_BYTES = 20;

/** The first bytes of a .gz file's content, inflating only as much of it as they need. */
function gzipHead(file: IdxFile, fd: number): Buffer {
  const start = readAt(fd, 0, 2);
  if (start[0] !== 0x1f || start[1] !== 0x8b) {
    throw new IdxError(`${file.path}: is named .gz but is not gzip data (it starts with ${[...start].map((b) => b.toString(16).padStart(2, '0')).join(' ')}, gzip with 1f 8b) — if it is a plain IDX file, drop the .gz from its name`);
  }
  if (file.stat.size < GZIP_MIN_BYTES) throw new IdxError(`${file.path}: ${file.stat.size} bytes, too short for gzip data — download it again`);
  for (let want = 4096; ; want *= 4) {
    const n = Math.min(want, file.stat.size);
    let head: Buffer;
    try {
      // A sync flush inflates what the prefix holds without asking for the rest of the stream.
      head = gunzipSync(readAt(fd, 0, n), { finishFlush: zlib.Z_SYNC_FLUSH });
    } catch (e) {
      throw new IdxError(`${file.path}: not valid gzip data (${(e as Error).message}) — download it again`);
    }
    if (head.length >= IDX_MAX_HEADER || n === file.stat.size) return head.subarray(0, IDX_MAX_HEADER);
  }
}

/** A .gz is inflated at check time only up to this (more than any MNIST-like set needs); a larger
 * one is judged by its footer alone. */
const MAX_INFLATE = 2 ** 30;

/** The whole content of a .gz file; refused when it is not the size its header declares. */
function inflate(h: Header, what: string): Buffer {
  const expected = declaredBytes(h);
  if (expected > MAX_INFLATE) throw new IdxError(`${h.file.path}: its header declares ${thousands(expected)} bytes uncompressed, more than the ${thousands(MAX_INFLATE)} a .gz may hold here — store it uncompressed`);
  const fd = openIdx(h.file);
  let compressed: Buffer;
  try {
    compressed = readAt(fd, 0, h.file.stat.size);
  } finally {
    closeSync(fd);
  }
  let content: Buffer;
  try {
    content = gunzipSync(compressed, { maxOutputLength: Math.min(expected + 1, kMaxLength) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw sizeProblem(h, what, 'longer');
    const cut = /unexpected end of file/i.test((e as Error).message);
    throw new IdxError(`${h.file.path}: ${cut ? 'the gzip data is cut short' : `damaged gzip data (${(e as Error).message})`} — download it again`);
  }
  if (content.length !== expected) throw sizeProblem(h, what, content.length);
  return content;
}

function sizeProblem(h: Header, what: string, actual: number | 'longer'): IdxError {
  const expected = declaredBytes(h);
  const [count, ...shape] = h.dims;
  const declared = `its header declares ${thousands(count!)} ${what}${shape.length ? ` of ${shapeText(shape)}` : ''} (${thousands(expected)} bytes${h.file.gz ? ' uncompressed' : ''})`;
  if (actual === 'longer') return new IdxError(`${h.file.path}: holds more than ${declared} — the header's count or the file is wrong`);
  if (actual < expected) {
    const item = (expected - h.headerBytes) / count!;
    const whole = Math.max(0, Math.floor((actual - h.headerBytes) / item));
    return new IdxError(`${h.file.path}: cut short — ${declared}, the file holds ${thousands(actual)} bytes (${thousands(whole)} whole ${what}) — download or copy it again`);
  }
  return new IdxError(`${h.file.path}: ${thousands(actual - expected)} bytes longer than ${declared} — the header's count or the file is wrong`);
}

/** The file's size must be the header's: the plain size, or for .gz the footer's size mod 2^32
 * (inflated once to be sure when they disagree: a file of several gzip members has the last
 * member's size there). Damage inside a .gz whose footer agrees shows when a trial reads it. */
export function checkLength(h: Header, what: string): void {
  const expected = declaredBytes(h);
  if (!h.file.gz) {
    if (h.file.stat.size !== expected) throw sizeProblem(h, what, h.file.stat.size);
    return;
  }
  const fd = openIdx(h.file);
  let footer: number;
  try {
    footer = readAt(fd, h.file.stat.size - 4, 4).readUInt32LE(0);
  } finally {
    closeSync(fd);
  }
  if (footer === expected % 2 ** 32) return;
  if (expected > MAX_INFLATE) {
    throw new IdxError(`${h.file.path}: its gzip footer gives ${thousands(footer)} bytes (mod 2^32) uncompressed, its header declares ${thousands(expected)} — the file is cut short or the header is wrong`);
  }
  inflate(h, what);
}

/** The label of every image, read once. */
export function readLabels(h: Header): Uint8Array {
  const expected = declaredBytes(h);
  if (h.file.gz) return inflate(h, 'labels').subarray(h.headerBytes);
  if (h.file.stat.size !== expected) throw sizeProblem(h, 'labels', h.file.stat.size);
  const fd = openIdx(h.file);
  try {
    const labels = readAt(fd, h.headerBytes, expected - h.headerBytes);
    if (labels.length !== expected - h.headerBytes) throw sizeProblem(h, 'labels', h.headerBytes + labels.length);
    return labels;
  } finally {
    closeSync(fd);
  }
}
