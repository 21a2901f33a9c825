// The test set (the book's x_test, t_test): the t10k IDX files beside the training files — the
// embedded MNIST's 10,000 images, or an IDX folder's own — normalised as the training data (/ 255).
// Only for reporting: nothing that chooses (ranking, TPE, narrowing) ever reads it (§6.5.1).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSpec } from '../spec/types';
import { dataDir } from './load';
import { IdxError, readIdx } from './idx';

export const TEST_IMAGES = 't10k-images-idx3-ubyte';
export const TEST_LABELS = 't10k-labels-idx1-ubyte';

export interface TestSet {
  x: Float32Array;
  t: Int32Array;
  inputSize: number;
  /** The folder the files came from, and whether it is the embedded MNIST. */
  dir: string;
  embedded: boolean;
}

export function loadTestSet(source: DataSpec['source'], baseDir: string): TestSet {
  const dir = dataDir(source, baseDir);
  for (const file of [TEST_IMAGES, TEST_LABELS]) {
    if (!existsSync(join(dir, file)) && !existsSync(join(dir, file + '.gz'))) {
      throw new IdxError(`${dir}: has no test data (${file}, raw or .gz, is missing) — put the t10k IDX files beside the training files to score the kept weights`);
    }
  }
  const images = readIdx(join(dir, TEST_IMAGES));
  const labels = readIdx(join(dir, TEST_LABELS));
  if (images.declared !== labels.declared) throw new IdxError(`${dir}: ${TEST_IMAGES} declares ${images.declared} images but ${TEST_LABELS} ${labels.declared} labels`);
  const inputSize = images.dims.slice(1).reduce((a, b) => a * b, 1);
  const n = images.declared;
  const x = new Float32Array(n * inputSize);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return { x, t: Int32Array.from(labels.data.subarray(0, n)), inputSize, dir, embedded: source === 'mnist' };
}
