// numpy's .npz: a zip (here made and read by fflate, stored uncompressed as np.savez does) of one
// .npy file per array. A .npy file (format 1.0) is the magic "\x93NUMPY", the version bytes 1 0, a
// little-endian uint16 header length, then an ASCII Python dict such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (784, 100), }
// padded with spaces and ended by "\n" so that the data starts at a multiple of 64 bytes, then the
// data itself, row-major. Only what the kept weights need: little-endian float32, C order.
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface NpyArray {
  shape: number[];
  data: Float32Array;
}

export type NpzArrays = Record<string, NpyArray>;

export class NpzError extends Error {}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const PREAMBLE = MAGIC.length + 2 + 2; // magic, version, header length

function shapeText(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** One array as a .npy file (format 1.0). */
export function npyBytes(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) throw new NpzError(`shape ${shapeText(array.shape)} holds ${count} values, the data ${array.data.length}`);
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText(array.shape)}, }`;
  const headerLength = Math.ceil((PREAMBLE + dict.length + 1) / 64) * 64 - PREAMBLE;
  const out = new Uint8Array(PREAMBLE + headerLength + array.data.byteLength);
  out.set(MAGIC);
  out[6] = 1; // version 1.0
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerLength, true);
  const header = dict.padEnd(headerLength - 1, ' ') + '\n';
  for (let i = 0; i < header.length; i++) out[PREAMBLE + i] = header.charCodeAt(i);
  // float32 little-endian: the typed array's own bytes on every little-endian machine Node runs on
  out.set(new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength), PREAMBLE + headerLength);
  return out;
}

const KEPT_WEIGHTS_MTIME = new Date(1980, 0, 2);

/** The arrays as an .npz file, in the order given (np.load lists them in that order). */
export function npzBytes(arrays: NpzArrays): Uint8Array {
  const files: Zippable = {};
  for (const [name, array] of Object.entries(arrays)) files[`${name}.npy`] = [npyBytes(array), { level: 0 }];
  // one fixed timestamp (zip's DOS time starts in 1980): the same weights make the same bytes, on any day
  return zipSync(files, { mtime: KEPT_WEIGHTS_MTIME });
}

/** One .npy file's array; throws NpzError with what is wrong. */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  if (bytes.length < PREAMBLE || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpzError(`${name}: not a .npy array (no \\x93NUMPY magic)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [headerStart, headerLength] = major === 1 ? [10, view.getUint16(8, true)] : major <= 3 && bytes.length >= 12 ? [12, view.getUint32(8, true)] : [0, -1];
  if (headerLength < 0 || headerStart + headerLength > bytes.length) throw new NpzError(`${name}: a .npy header of version ${major} this reader does not know`);
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeMatch = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (descr !== '<f4' || fortran !== 'False' || !shapeMatch) {
    throw new NpzError(`${name}: holds ${descr ?? '?'}${fortran === 'True' ? ' in Fortran order' : ''}; kept weights are little-endian float32 in C order`);
  }
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((n) => !Number.isInteger(n) || n < 0)) throw new NpzError(`${name}: a shape that is not whole numbers (${shapeMatch[1]})`);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLength;
  if (bytes.length - start !== count * 4) throw new NpzError(`${name}: shape ${shapeText(shape)} needs ${count * 4} bytes of data, the file has ${bytes.length - start}`);
  const data = new Float32Array(count);
  new Uint8Array(data.buffer).set(bytes.subarray(start)); // a copy: the zip's bytes need not be 4-aligned
  return { shape, data };
}

/** Every array of an .npz file (its bytes); `file` names it in errors. */
export function parseNpz(bytes: Uint8Array, file: string): NpzArrays {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (e) {
    throw new NpzError(`${file}: not a readable .npz (zip) file (${e instanceof Error ? e.message : String(e)})`);
  }
  const arrays: NpzArrays = {};
  for (const [entry, content] of Object.entries(entries)) {
    if (!entry.endsWith('.npy')) continue;
    try {
      arrays[entry.slice(0, -4)] = parseNpy(content, entry);
    } catch (e) {
      throw new NpzError(`${file}: ${(e as Error).message}`);
    }
  }
  return arrays;
}
