// IDX files (the MNIST format): a magic number 0x0000 08 NN (unsigned bytes, NN dimensions),
// NN big-endian uint32 sizes, then the data. Plain or gzipped.
import { closeSync, lstatSync, openSync, readFileSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  dims: number[];
  /** Raw bytes of the first `count` items. */
  data: Uint8Array;
  /** How many items the file declares (dims[0]). */
  declared: number;
}

export class IdxError extends Error {}

/** The longest header this reader accepts: magic number and four sizes. */
export const IDX_MAX_HEADER = 4 + 4 * 4;

export interface IdxFile {
  path: string;
  gz: boolean;
  stat: Stats;
}

/** The file itself, or its `.gz` sibling — refused unless it is a regular file. Decided by stat
 * alone: opening a FIFO to look at it would wait for a writer forever, and opening a device can
 * have effects of its own. */
export function locateIdx(path: string): IdxFile {
  for (const [candidate, gz] of [[path, false], [path + '.gz', true]] as const) {
    let stat: Stats;
    try {
      stat = statSync(candidate);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !isLink(candidate)) continue;
      throw new IdxError(`${candidate}: ${statProblem(candidate, code)}`);
    }
    const kind = notRegular(stat);
    if (kind) throw new IdxError(`${candidate}: is ${kind}, not a regular file — put the IDX file itself there`);
    return { path: candidate, gz, stat };
  }
  throw new IdxError(`${path}: not found (nor ${path}.gz) — put the file there, plain or gzipped`);
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

function statProblem(path: string, code: string | undefined): string {
  if (code === 'ELOOP') return 'is a symbolic link that leads back to itself (a loop) — replace it with the file or a link to it';
  if (code === 'ENOENT') return `is a symbolic link to ${readlinkSync(path)}, which does not exist — fix the link or put the file there`;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be reached: permission denied on a folder above it';
  return `cannot be read (${code ?? 'unknown error'})`;
}

/** What a non-regular file is, in words; undefined for a regular file. */
export function notRegular(stat: Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** Opens a located file for reading, with the usual failures in words. */
export function openIdx(file: IdxFile): number {
  try {
    return openSync(file.path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new IdxError(`${file.path}: cannot be read: permission denied — make it readable (chmod a+r)`);
    if (code === 'ENOENT') throw new IdxError(`${file.path}: not found — it was removed while it was being read`);
    throw new IdxError(`${file.path}: cannot be read (${code ?? (e as Error).message})`);
  }
}

export function parseHeader(path: string, head: Uint8Array): { dims: number[]; headerBytes: number } {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) {
    const gzipped = head[0] === 0x1f && head[1] === 0x8b ? ' — it is gzip data: add .gz to its name' : '';
    throw new IdxError(`${path}: not an IDX file (magic number ${hex(head.subarray(0, 4))}, expected 00 00 08 0N)${gzipped}`);
  }
  if (head[2] !== 0x08) {
    throw new IdxError(`${path}: IDX data type 0x${head[2].toString(16)} is not unsigned bytes (0x08) — hparam-lab reads 8-bit images and labels, as MNIST's`);
  }
  const nd = head[3];
  if (nd < 1 || nd > 4) throw new IdxError(`${path}: IDX header declares ${nd} dimensions`);
  const headerBytes = 4 + 4 * nd;
  if (head.length < headerBytes) throw new IdxError(`${path}: truncated header`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, headerBytes };
}

function hex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** Reads the first `count` items (all when undefined). A plain file is read only as far as needed. */
export function readIdx(file: string, count?: number): IdxArray {
  const located = locateIdx(file);
  const path = located.path;
  let bytes: Uint8Array;
  if (located.gz) {
    try {
      bytes = gunzipSync(readFile(located));
    } catch (e) {
      if (e instanceof IdxError) throw e;
      throw new IdxError(`${path}: not a valid gzip file (${(e as Error).message})`);
    }
  } else {
    bytes = readPrefix(located, count);
  }
  const { dims, headerBytes } = parseHeader(path, bytes);
  const item = dims.slice(1).reduce((a, b) => a * b, 1);
  const n = count === undefined ? dims[0] : Math.min(count, dims[0]);
  const need = headerBytes + n * item;
  if (bytes.length < need) {
    throw new IdxError(`${path}: truncated — the header declares ${dims[0]} items of ${item} bytes, the file holds ${Math.floor((bytes.length - headerBytes) / item)}`);
  }
  return { dims, declared: dims[0], data: bytes.subarray(headerBytes, need) };
}

function readFile(file: IdxFile): Buffer {
  const fd = openIdx(file);
  try {
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Header plus the first `count` items of a plain IDX file, without reading the rest. */
function readPrefix(file: IdxFile, count: number | undefined): Uint8Array {
  if (count === undefined) return readFile(file);
  const fd = openIdx(file);
  try {
    const head = new Uint8Array(IDX_MAX_HEADER);
    const got = readSync(fd, head, 0, head.length, 0);
    const { dims, headerBytes } = parseHeader(file.path, head.subarray(0, got));
    const item = dims.slice(1).reduce((a, b) => a * b, 1);
    const want = Math.min(file.stat.size, headerBytes + Math.min(count, dims[0]) * item);
    const buf = new Uint8Array(want);
    const read = readSync(fd, buf, 0, want, 0);
    return buf.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Item count the header declares, reading only the header. */
export function idxCount(file: string): number {
  const located = locateIdx(file);
  const head = located.gz ? gunzipSync(readFile(located)).subarray(0, IDX_MAX_HEADER) : readPrefix(located, 0);
  return parseHeader(located.path, head).dims[0];
}
