// IDX data folders, good and broken in each way a user meets (or makes) them, for the checks of
// the spec loader: the same cases run in-process, through the real CLI and in the extension.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TRAIN_IMAGES, TRAIN_LABELS } from '../../../src/core/data/load';

export const IMAGES = TRAIN_IMAGES;
export const LABELS = TRAIN_LABELS;

/** An IDX file of unsigned bytes: the header for `dims`, then `data` (zeros when omitted). */
export function idxBytes(dims: number[], data?: Uint8Array): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 8;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, data ?? Buffer.alloc(dims.reduce((a, b) => a * b, 1))]);
}

export const ROWS = 20;
/** Labels 0–9, twice: every MNIST class present. */
export const goodLabels = () => Uint8Array.from({ length: ROWS }, (_, i) => i % 10);

/** A folder of 20 images of 3 × 3 and their labels, plain or gzipped. */
export function writeGoodData(dir: string, gz = false): void {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, bytes: Buffer) => writeFileSync(join(dir, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
  write(IMAGES, idxBytes([ROWS, 3, 3], Uint8Array.from({ length: ROWS * 9 }, (_, i) => (i * 37) % 256)));
  write(LABELS, idxBytes([ROWS], goodLabels()));
}

/** A workspace: search.json naming data.source.idx "digits" (line 2, column 32), the folder holding good data. */
export function dataWorkspace(gz = false): { ws: string; specPath: string; data: string; runs: string; cleanup: () => void } {
  const ws = mkdtempSync(join(tmpdir(), 'hpl-data-'));
  const specPath = join(ws, 'search.json');
  writeFileSync(specPath, specText('digits', 10));
  writeGoodData(join(ws, 'digits'), gz);
  return { ws, specPath, data: join(ws, 'digits'), runs: join(ws, 'runs'), cleanup: () => rmSync(ws, { recursive: true, force: true }) };
}

export const IDX_AT = { line: 2, column: 32 };

export const specText = (idx: string, trainSize: number) =>
  `{\n  "data": { "source": { "idx": "${idx}" }, "trainSize": ${trainSize} },\n  "model": { "hiddenSizes": [8] },\n  "training": { "epochs": 1, "batchSize": 4 },\n` +
  `  "search": { "trials": 2, "params": { "training.lr": { "log10": [-3, -2] } } },\n  "run": { "workers": 1, "backend": "js" }\n}\n`;

export interface BadDataCase {
  name: string;
  /** Spoils the good data in `dir`. */
  spoil(dir: string): void;
  message: RegExp;
  /** Why the case cannot be made here, if it cannot. */
  skip?: () => string | false;
  gz?: boolean;
}

const replace = (dir: string, name: string, bytes: Buffer) => writeFileSync(join(dir, name), bytes);
const asRoot = () => process.getuid?.() === 0;

/** Each way a data folder can be wrong that the checks catch before training. */
export const BAD_DATA: BadDataCase[] = [
  {
    name: 'a label outside the classes (one byte changed: 200 among 0–9)',
    spoil: (dir) => replace(dir, LABELS, idxBytes([ROWS], Object.assign(goodLabels(), { 7: 200 }))),
    message: /train-labels-idx1-ubyte: label 200 at row 7 \(counting from 0\) leaves a gap: classes 10–199 have no image, while the labels below are 0–9 — is the file damaged\?/,
  },
  {
    name: 'an images file cut short',
    spoil: (dir) => truncateSync(join(dir, IMAGES), 16 + 9 * 12 + 4),
    message: /train-images-idx3-ubyte: cut short — its header declares 20 images of 3 × 3 \(196 bytes\), the file holds 128 bytes \(12 whole images\) — download or copy it again/,
  },
  {
    name: 'an images file longer than its header says',
    spoil: (dir) => replace(dir, IMAGES, Buffer.concat([idxBytes([ROWS, 3, 3]), Buffer.alloc(5)])),
    message: /train-images-idx3-ubyte: 5 bytes longer than its header declares 20 images of 3 × 3 \(196 bytes\) — the header's count or the file is wrong/,
  },
  {
    name: 'an images header declaring more images than there are labels',
    spoil: (dir) => replace(dir, IMAGES, idxBytes([ROWS + 10, 3, 3])),
    message: /train-labels-idx1-ubyte: declares 20 labels but \S+train-images-idx3-ubyte declares 30 images — each image needs its label/,
  },
  {
    name: 'a labels file cut short',
    spoil: (dir) => truncateSync(join(dir, LABELS), 8 + 15),
    message: /train-labels-idx1-ubyte: cut short — its header declares 20 labels \(28 bytes\), the file holds 23 bytes \(15 whole labels\)/,
  },
  {
    name: 'images.gz whose gzip stream is cut short',
    gz: true,
    spoil: (dir) => {
      const whole = gzipSync(idxBytes([ROWS, 3, 3], Uint8Array.from({ length: ROWS * 9 }, (_, i) => (i * 101) % 251)));
      replace(dir, `${IMAGES}.gz`, whole.subarray(0, whole.length - 12)); // the footer and the last bytes of the stream gone
    },
    message: /train-images-idx3-ubyte\.gz: the gzip data is cut short — download it again/,
  },
  {
    name: 'images.gz whose content is shorter than its header says',
    gz: true,
    spoil: (dir) => replace(dir, `${IMAGES}.gz`, gzipSync(idxBytes([ROWS, 3, 3]).subarray(0, 100))),
    message: /train-images-idx3-ubyte\.gz: cut short — its header declares 20 images of 3 × 3 \(196 bytes uncompressed\), the file holds 100 bytes \(9 whole images\)/,
  },
  {
    name: 'labels.gz with one label outside the classes',
    gz: true,
    spoil: (dir) => replace(dir, `${LABELS}.gz`, gzipSync(idxBytes([ROWS], Object.assign(goodLabels(), { 3: 12 })))),
    message: /train-labels-idx1-ubyte\.gz: label 12 at row 3 \(counting from 0\) leaves a gap: classes 10–11 have no image/,
  },
  {
    name: 'a .gz that is not gzip',
    gz: true,
    spoil: (dir) => replace(dir, `${IMAGES}.gz`, idxBytes([ROWS, 3, 3])),
    message: /train-images-idx3-ubyte\.gz: is named \.gz but is not gzip data \(it starts with 00 00, gzip with 1f 8b\) — if it is a plain IDX file, drop the \.gz from its name/,
  },
  {
    name: 'a gzipped file without .gz in its name',
    spoil: (dir) => replace(dir, IMAGES, gzipSync(idxBytes([ROWS, 3, 3]))),
    message: /train-images-idx3-ubyte: not an IDX file \(magic number 1f 8b 08 00, expected 00 00 08 0N\) — it is gzip data: add \.gz to its name/,
  },
  {
    name: 'an empty images file',
    spoil: (dir) => replace(dir, IMAGES, Buffer.alloc(0)),
    message: /train-images-idx3-ubyte: is empty \(0 bytes\) — download or copy it again/,
  },
  {
    name: 'labels of two dimensions',
    spoil: (dir) => replace(dir, LABELS, idxBytes([ROWS, 1])),
    message: /train-labels-idx1-ubyte: declares 20 × 1 — a labels file holds one number an image \(one dimension\); is it an images file\?/,
  },
  {
    name: 'images of one dimension',
    spoil: (dir) => replace(dir, IMAGES, idxBytes([ROWS])),
    message: /train-images-idx3-ubyte: holds 20 single values, not images/,
  },
  {
    name: 'images of 3 × 0',
    spoil: (dir) => replace(dir, IMAGES, idxBytes([ROWS, 3, 0])),
    message: /train-images-idx3-ubyte: declares images of 3 × 0 — every size must be at least 1/,
  },
  {
    name: 'images of another data type (float, 0x0D)',
    spoil: (dir) => replace(dir, IMAGES, Buffer.concat([Buffer.from([0, 0, 0x0d, 3, 0, 0, 0, ROWS, 0, 0, 0, 3, 0, 0, 0, 3]), Buffer.alloc(ROWS * 9 * 4)])),
    message: /train-images-idx3-ubyte: IDX data type 0xd is not unsigned bytes \(0x08\)/,
  },
  {
    name: 'a FIFO (named pipe) in place of the images',
    spoil: (dir) => (rmSync(join(dir, IMAGES)), execFileSync('mkfifo', [join(dir, IMAGES)])),
    message: /train-images-idx3-ubyte: is a named pipe \(FIFO\), not a regular file — put the IDX file itself there/,
  },
  {
    name: 'a device in place of the labels (a link to /dev/zero)',
    spoil: (dir) => (rmSync(join(dir, LABELS)), symlinkSync('/dev/zero', join(dir, LABELS))),
    message: /train-labels-idx1-ubyte: is a device, not a regular file/,
  },
  {
    name: 'a folder in place of the images',
    spoil: (dir) => (rmSync(join(dir, IMAGES)), mkdirSync(join(dir, IMAGES))),
    message: /train-images-idx3-ubyte: is a folder, not a regular file/,
  },
  {
    name: 'a symbolic link loop',
    spoil: (dir) => (rmSync(join(dir, IMAGES)), symlinkSync(IMAGES, join(dir, IMAGES))),
    message: /train-images-idx3-ubyte: is a symbolic link that leads back to itself \(a loop\)/,
  },
  {
    name: 'a link to a file that does not exist',
    spoil: (dir) => (rmSync(join(dir, LABELS)), symlinkSync('gone-labels', join(dir, LABELS))),
    message: /train-labels-idx1-ubyte: is a symbolic link to gone-labels, which does not exist/,
  },
  {
    name: 'a missing labels file',
    spoil: (dir) => rmSync(join(dir, LABELS)),
    message: /train-labels-idx1-ubyte: not found \(nor \S+train-labels-idx1-ubyte\.gz\)/,
  },
  {
    name: 'an unreadable images file',
    skip: () => asRoot() && 'root reads any file (run as a user to check this in-process; the CLI case runs as nobody)',
    spoil: (dir) => chmodSync(join(dir, IMAGES), 0o000),
    message: /train-images-idx3-ubyte: cannot be read: permission denied — make it readable/,
  },
];
