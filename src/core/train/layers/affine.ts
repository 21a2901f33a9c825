// Affine with its activation fused in: out = act(x·W + b). The book keeps Affine and Relu/Sigmoid
// as two layers; fusing them saves a pass over the output and changes no number.
// The first layer's input is the data, mostly zeros for MNIST: where the backend has sparse
// products, x·W and xᵀ·dout skip x's zeros (adding 0·w changes no finite sum).
import type { Act, Backend, Mat } from '../backend';
import type { Layer, Param, Rows } from './layer';

export class Affine implements Layer {
  readonly weight: Param;
  readonly bias: Param;
  private readonly outTrain: Mat;
  private readonly outTest: Mat;
  private readonly dx: Mat | null;
  private x: Mat | null = null;
  /** x·W and xᵀ·dout: sparse in x for the first layer where the backend can, gemm otherwise. */
  private readonly times: (out: Mat, x: Mat, W: Mat) => void;
  private readonly transposeTimes: (dW: Mat, x: Mat, dout: Mat) => void;

  /** `initialW` is n_in × n_out, row-major; b starts at 0. `inputGrad` false for the first layer. */
  constructor(
    private readonly backend: Backend,
    nIn: number,
    nOut: number,
    initialW: ArrayLike<number>,
    private readonly act: Act,
    rows: Rows,
    inputGrad: boolean,
  ) {
    const W = backend.alloc(nIn, nOut);
    backend.write(W, initialW);
    this.weight = { value: W, grad: backend.alloc(nIn, nOut), decay: true };
    this.bias = { value: backend.alloc(1, nOut), grad: backend.alloc(1, nOut), decay: false };
    this.outTrain = backend.alloc(rows.train, nOut);
    this.outTest = backend.alloc(rows.test, nOut);
    this.dx = inputGrad ? backend.alloc(rows.train, nIn) : null;
    const { gemmSparseA, gemmSparseAT } = backend;
    const sparse = !inputGrad && gemmSparseA && gemmSparseAT;
    this.times = sparse ? gemmSparseA.bind(backend) : (out, x, W) => backend.gemm(out, x, W, false, false);
    this.transposeTimes = sparse ? gemmSparseAT.bind(backend) : (dW, x, dout) => backend.gemm(dW, x, dout, true, false);
  }

  forward(x: Mat, train: boolean): Mat {
    const out = train ? this.outTrain : this.outTest;
    this.times(out, x, this.weight.value);
    this.backend.biasAct(out, this.bias.value, this.act);
    if (train) this.x = x;
    return out;
  }

  backward(dout: Mat): Mat | null {
    if (!this.x) throw new Error('Affine.backward before a training forward');
    // dout becomes d(pre-activation). outTrain may have been scaled in place by a Dropout mask
    // since; where the mask is 0 dout is 0 too, and elsewhere the output is unchanged, so
    // act'(output) gives the same gradient.
    this.backend.actBackward(dout, this.outTrain, this.act);
    this.transposeTimes(this.weight.grad, this.x, dout); // dW = xᵀ · dout
    this.backend.colSum(this.bias.grad, dout); // db = Σ rows of dout
    if (this.dx) this.backend.gemm(this.dx, dout, this.weight.value, false, true); // dx = dout · Wᵀ
    return this.dx;
  }
}
