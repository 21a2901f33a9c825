// A stand-alone activation, in place: used after BatchNorm, where it cannot fuse into Affine.
// The interface has activation only fused with a bias, so the bias here is a row of zeros.
import type { Act, Backend, Mat } from '../backend';
import type { Layer } from './layer';

export class Activation implements Layer {
  private readonly zeros: Mat;
  private y: Mat | null = null;

  constructor(
    private readonly backend: Backend,
    width: number,
    private readonly act: Act,
  ) {
    this.zeros = backend.alloc(1, width);
  }

  forward(x: Mat, train: boolean): Mat {
    this.backend.biasAct(x, this.zeros, this.act);
    if (train) this.y = x;
    return x;
  }

  backward(dout: Mat): Mat {
    if (!this.y) throw new Error('Activation.backward before a training forward');
    // y may have been scaled in place by a following Dropout: see Affine.backward for why that is fine.
    this.backend.actBackward(dout, this.y, this.act);
    return dout;
  }
}
