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
