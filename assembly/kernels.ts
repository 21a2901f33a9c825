// Entry point of media/kernels.wasm. Every pointer is a byte offset into the imported memory
// (the backend's own, one per trial); sizes are element counts.
export { gemm, gemmScratchBytes } from './gemm';
export { gemmSparse } from './sparse';
export { biasAct, actBackward } from './activations';
export { axpy, mul, scale, sumSquares, threshold, colSum, gatherRows } from './elementwise';
export { softmaxCrossEntropy, countCorrect } from './softmax';
export { batchNormForward, batchNormBackward } from './batchnorm';
export { sgd, momentum, nesterov, adagrad, rmsprop, adam } from './optimizers';

/** First free byte above the static data (the tables of Math.log): the backend's allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
