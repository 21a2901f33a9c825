import { Rng } from '../random';

/** The book's split of one data set: pixels in 0–1 (float32, row-major, `inputSize` per row), integer labels. */
export interface Dataset {
  xTrain: Float32Array;
  tTrain: Int32Array;
  xVal: Float32Array;
  tVal: Int32Array;
  /** 784 for MNIST. */
  inputSize: number;
  /** 10 for MNIST. */
  classes: number;
}

/** Uniform random pixels and labels: nothing to learn, only to compute (tests, and `auto`'s measurement). */
export function noiseDataset(nTrain: number, nVal: number, inputSize: number, classes: number, seed = 1): Dataset {
  const rng = new Rng(seed);
  const x = (n: number) => Float32Array.from({ length: n * inputSize }, () => rng.next());
  const t = (n: number) => Int32Array.from({ length: n }, () => rng.int(classes));
  return { xTrain: x(nTrain), tTrain: t(nTrain), xVal: x(nVal), tVal: t(nVal), inputSize, classes };
}
