// IDX files (the MNIST format): a magic number 0x0000 08 NN (unsigned bytes, NN dimensions),
// NN big-endian uint32 sizes, then the data. Plain or gzipped.
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface IdxArray {
  dims: number[];
  /** Raw bytes of the first `count` items. */
  data: Uint8Array;
  /** How many items the file declares (dims[0]). */
  declared: number;
}

export class IdxError extends Error {}

/** The file itself, or its `.gz` sibling. */
export function resolveIdx(path: string): string {
  if (existsSync(path)) return path;
  if (existsSync(path + '.gz')) return path + '.gz';
  throw new IdxError(`${path}: not found (nor ${path}.gz)`);
}

function parseHeader(path: string, head: Uint8Array): { dims: number[]; headerBytes: number } {
  if (head.length < 4 || head[0] !== 0 || head[1] !== 0) {
    throw new IdxError(`${path}: not an IDX file (magic number ${hex(head.subarray(0, 4))}, expected 00 00 08 0N)`);
  }
  if (head[2] !== 0x08) {
    throw new IdxError(`${path}: IDX data type 0x${head[2].toString(16)} is not unsigned bytes (0x08)`);
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
  const path = resolveIdx(file);
  let bytes: Uint8Array;
  if (path.endsWith('.gz')) {
    try {
      bytes = gunzipSync(readFileSync(path));
    } catch (e) {
      throw new IdxError(`${path}: not a valid gzip file (${(e as Error).message})`);
    }
  } else {
    bytes = readPrefix(path, count);
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

/** Header plus the first `count` items of a plain IDX file, without reading the rest. */
function readPrefix(path: string, count: number | undefined): Uint8Array {
  if (count === undefined) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(20);
    const got = readSync(fd, head, 0, 20, 0);
    const { dims, headerBytes } = parseHeader(path, head.subarray(0, got));
    const item = dims.slice(1).reduce((a, b) => a * b, 1);
    const want = Math.min(statSync(path).size, headerBytes + Math.min(count, dims[0]) * item);
    const buf = new Uint8Array(want);
    readSync(fd, buf, 0, want, 0);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** Item count the header declares, reading only the header. */
export function idxCount(file: string): number {
  const path = resolveIdx(file);
  const head = path.endsWith('.gz') ? gunzipSync(readFileSync(path)).subarray(0, 20) : readPrefix(path, 0);
  return parseHeader(path, head).dims[0];
}
