// The book's BatchNormalization: gamma 1, beta 0, running averages with momentum 0.9, normalised
// with batch statistics when training and with the running ones at test time.
import type { Backend, BatchNormBuffers, Mat } from '../backend';
import type { Layer, Param, Rows } from './layer';

export const BATCH_NORM_MOMENTUM = 0.9;

export class BatchNorm implements Layer {
  readonly gamma: Param;
  readonly beta: Param;
  /** Exposed for tests: running statistics and what a training forward saved. */
  readonly state: BatchNormBuffers;
  private readonly outTrain: Mat;
  private readonly outTest: Mat;

  constructor(
    private readonly backend: Backend,
    width: number,
    rows: Rows,
  ) {
    const gamma = backend.alloc(1, width);
    backend.write(gamma, new Float32Array(width).fill(1));
    this.state = {
      gamma,
      beta: backend.alloc(1, width),
      dgamma: backend.alloc(1, width),
      dbeta: backend.alloc(1, width),
      runningMean: backend.alloc(1, width),
      runningVar: backend.alloc(1, width),
      xc: backend.alloc(rows.train, width),
      xn: backend.alloc(rows.train, width),
      std: backend.alloc(1, width),
      momentum: BATCH_NORM_MOMENTUM,
    };
    this.gamma = { value: gamma, grad: this.state.dgamma, decay: false };
    this.beta = { value: this.state.beta, grad: this.state.dbeta, decay: false };
    this.outTrain = backend.alloc(rows.train, width);
    this.outTest = backend.alloc(rows.test, width);
  }

  forward(x: Mat, train: boolean): Mat {
    const out = train ? this.outTrain : this.outTest;
    this.backend.batchNormForward(out, x, this.state, train);
    return out;
  }

  backward(dout: Mat): Mat {
    this.backend.batchNormBackward(dout, dout, this.state); // dx overwrites dout (allowed by the interface)
    return dout;
  }
}
