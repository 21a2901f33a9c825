// The book's Dropout, NOT inverted: training keeps a unit where u > ratio (u uniform in [0, 1)),
// test time multiplies every output by (1 − ratio). In place on its input.
import type { Backend, Mat } from '../backend';
import type { Layer } from './layer';

/** Where the mask's uniforms come from (an Rng; tests replay a fixed sequence). */
export interface UniformSource {
  next(): number;
}

export class Dropout implements Layer {
  private readonly mask: Mat;
  private readonly uniforms: Float64Array; // doubles, like numpy's rand (a float32 backend rounds them on write)

  constructor(
    private readonly backend: Backend,
    width: number,
    trainRows: number,
    private readonly ratio: number,
    private readonly rng: UniformSource,
  ) {
    this.mask = backend.alloc(trainRows, width);
    this.uniforms = new Float64Array(trainRows * width);
  }

  forward(x: Mat, train: boolean): Mat {
    if (!train) {
      this.backend.scale(x, 1 - this.ratio);
      return x;
    }
    for (let i = 0; i < this.uniforms.length; i++) this.uniforms[i] = this.rng.next();
    this.backend.write(this.mask, this.uniforms);
    this.backend.threshold(this.mask, this.ratio);
    this.backend.mul(x, this.mask);
    return x;
  }

  backward(dout: Mat): Mat {
    this.backend.mul(dout, this.mask);
    return dout;
  }
}
