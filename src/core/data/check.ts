// Every check of a data folder that can be made before training, made when the spec is checked:
// each file a regular file (decided by stat, never by opening it), readable, gzip where it says
// .gz, a header that agrees with the file's size, images and labels of the same count, images of a
// usable shape, labels that name classes. It costs little on large files: headers and sizes, the
// labels read once (one byte an image); the images are never read, except a .gz whose footer
// disagrees with its header (then it is inflated once, to tell a damaged file from a rare one).
// The answer is cached per folder by its files' stat, so the editor can ask on every keystroke.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { IdxError, locateIdx } from './idx';
import { checkLength, readHeader, readLabels, shapeText, thousands } from './idx-checks';
import { TRAIN_IMAGES, TRAIN_LABELS } from './load';

export interface DataFacts {
  /** Images (= labels) in the folder. */
  rows: number;
  /** One image's sizes after the count, e.g. [28, 28]; the first layer's width is their product. */
  imageShape: number[];
  inputSize: number;
  classes: number;
}

/** MNIST's ten digits: the book's one-hot labels have ten columns. */
export const MIN_CLASSES = 10;

/** Facts of the IDX folder `dir`, or an IdxError saying what is wrong and what to do. */
export function checkDataFolder(dir: string): DataFacts {
  const stamp = stampOf(dir);
  const known = cache.get(dir);
  if (known?.stamp === stamp) {
    if (known.result instanceof Error) throw known.result;
    return known.result;
  }
  let result: DataFacts | IdxError;
  try {
    result = inspect(dir);
  } catch (e) {
    if (!(e instanceof IdxError)) throw e;
    result = e;
  }
  cache.delete(dir);
  cache.set(dir, { stamp, result });
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  if (result instanceof Error) throw result;
  return result;
}

/** Folders typed one letter at a time each get an entry; the oldest go. */
const MAX_CACHED = 32;
const cache = new Map<string, { stamp: string; result: DataFacts | IdxError }>();

/** What would make the answer different: the folder's and each candidate file's stat (links
 * followed), or the error that stat gives. Stat only, so a FIFO costs nothing either. */
function stampOf(dir: string): string {
  const names = [TRAIN_IMAGES, TRAIN_LABELS].flatMap((name) => [name, `${name}.gz`]);
  return ['', ...names]
    .map((name) => {
      try {
        const s = statSync(join(dir, name));
        return `${s.ino}:${s.mode}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code ?? 'error';
      }
    })
    .join('|');
}

function inspect(dir: string): DataFacts {
  checkFolder(dir);
  const images = readHeader(locateIdx(join(dir, TRAIN_IMAGES)));
  const [count, ...imageShape] = images.dims;
  if (imageShape.length === 0) throw new IdxError(`${images.file.path}: holds ${thousands(count!)} single values, not images — an images file declares a count and a size, e.g. 60000 × 28 × 28`);
  if (imageShape.some((d) => d === 0)) throw new IdxError(`${images.file.path}: declares images of ${shapeText(imageShape)} — every size must be at least 1`);
  if (count === 0) throw new IdxError(`${images.file.path}: declares no images — the folder needs training images`);
  checkLength(images, 'images');

  const labels = readHeader(locateIdx(join(dir, TRAIN_LABELS)));
  if (labels.dims.length !== 1) throw new IdxError(`${labels.file.path}: declares ${shapeText(labels.dims)} — a labels file holds one number an image (one dimension); is it an images file?`);
  if (labels.dims[0] !== count) {
    throw new IdxError(`${labels.file.path}: declares ${thousands(labels.dims[0]!)} labels but ${images.file.path} declares ${thousands(count!)} images — each image needs its label; are the two files from the same data set?`);
  }
  const values = readLabels(labels);
  return { rows: count!, imageShape, inputSize: imageShape.reduce((a, b) => a * b, 1), classes: classesOf(labels.file.path, values) };
}

function checkFolder(dir: string): void {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(dir).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new IdxError(`${dir}: no such folder — data.source.idx is relative to the folder of the search.json`);
    if (code === 'ELOOP') throw new IdxError(`${dir}: a symbolic link that leads back to itself (a loop) — point data.source.idx at the real folder`);
    if (code === 'EACCES' || code === 'EPERM') throw new IdxError(`${dir}: cannot be reached: permission denied`);
    throw new IdxError(`${dir}: cannot be read (${code ?? (e as Error).message})`);
  }
  if (!isDirectory) throw new IdxError(`${dir}: is a file, not a folder — name the folder that holds ${TRAIN_IMAGES} and ${TRAIN_LABELS}`);
}

/** The classes are 0…K−1 with K = max(10, the largest label + 1) over the whole file (loadDataset
 * sizes the net's outputs by the same rule over the rows a run uses, so never more than K):
 * MNIST's ten digits (the book's one-hot labels have ten columns), or more when the labels go
 * higher (EMNIST's 26, 47 or 62 classes). Classes below 10 may have no image (a set of 3 classes,
 * or one numbered from 1, as EMNIST Letters is). Every class from 10 up to the largest label must
 * have an image: a label with empty classes between it and the others names a class nothing else
 * has, and the net would learn an output for nothing — what one damaged byte does (a 200 among
 * 0–9 leaves classes 10–199 empty). Such a file is refused, naming the row. */
function classesOf(path: string, labels: Uint8Array): number {
  const count = new Array<number>(256).fill(0);
  for (let i = 0; i < labels.length; i++) count[labels[i]!]!++;
  let largest = 0;
  for (let v = 255; v >= 0; v--) if (count[v]) { largest = v; break; }
  const classes = Math.max(MIN_CLASSES, largest + 1);
  const gap = count.findIndex((n, v) => v >= MIN_CLASSES && v < classes && n === 0);
  if (gap < 0) return classes;
  let lastEmpty = gap;
  while (lastEmpty + 1 < classes && count[lastEmpty + 1] === 0) lastEmpty++;
  const empty = lastEmpty === gap ? `class ${gap} has` : `classes ${gap}–${lastEmpty} have`;
  const row = labels.findIndex((v) => v > gap);
  const more = count.slice(gap).reduce((a, b) => a + b, 0) - 1;
  const below = count.slice(0, gap).reduce((top, n, v) => (n ? v : top), 0);
  return fail(`${path}: label ${labels[row]} at row ${thousands(row)} (counting from 0${more ? `; ${thousands(more)} more rows above ${gap}` : ''}) leaves a gap: ${empty} no image, while the labels below are 0–${below} — is the file damaged? Labels number the classes 0, 1, 2, …, and every class above 9 needs an image: fix or remove that row`);
}

function fail(message: string): never {
  throw new IdxError(message);
}
