// Softmax with cross-entropy: loss = −Σ log(y[t] + 1e-7) / rows, backward (y − onehot) / rows.
// The kernel writes the gradient during the forward, so backward only hands it out.
import type { Backend, Deferred, IntVec, Mat } from '../backend';

export class SoftmaxWithLoss {
  private readonly dZ: Mat;

  constructor(
    private readonly backend: Backend,
    classes: number,
    trainRows: number,
  ) {
    this.dZ = backend.alloc(trainRows, classes);
  }

  forward(Z: Mat, t: IntVec): Deferred<number> {
    return this.backend.softmaxCrossEntropy(this.dZ, Z, t);
  }

  backward(): Mat {
    return this.dZ;
  }
}
