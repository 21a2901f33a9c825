// One layer of the net, as the book's common/layers.py has them: forward and backward side by
// side. Every buffer is allocated in the constructor, for a fixed number of rows per mode: the
// mini-batch when training, the evaluation chunk at test time. Parameters are shared by both.
import type { Mat } from '../backend';

export interface Rows {
  /** Rows of a training forward (the mini-batch); backward buffers have this many rows. */
  train: number;
  /** Rows of a test-mode forward (the evaluation chunk). */
  test: number;
}

export interface Layer {
  /** The output; in-place layers (activation, dropout) return `x` itself, updated. */
  forward(x: Mat, train: boolean): Mat;
  /** dL/dx of the last training forward; may be `dout` updated in place; null when nobody needs it. */
  backward(dout: Mat): Mat | null;
}

/** A learnable parameter and its gradient; `decay` says whether weight decay applies (weights only). */
export interface Param {
  value: Mat;
  grad: Mat;
  decay: boolean;
}
