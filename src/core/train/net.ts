// The book's MultiLayerNet / MultiLayerNetExtend: (Affine → [BatchNorm] → activation → [Dropout])
// per hidden size, then Affine and softmax with cross-entropy. Weight decay as the book: the loss
// gains 0.5·λ·ΣW² per weight matrix and each weight gradient λ·W; biases, gamma, beta are not decayed.
import { whenAll, type Backend, type Deferred, type IntVec, type Mat } from './backend';
import type { ModelSpec, WeightInit } from '../spec/types';
import { Activation } from './layers/activation';
import { Affine } from './layers/affine';
import { BatchNorm } from './layers/batch-norm';
import { Dropout, type UniformSource } from './layers/dropout';
import type { Layer, Param, Rows } from './layers/layer';
import { SoftmaxWithLoss } from './layers/softmax-with-loss';

export interface NetShape {
  inputSize: number;
  classes: number;
  rows: Rows;
}

export interface NetRandomness {
  /** Draws the initial weights, layer by layer, row-major. */
  init: { normal(): number };
  /** Draws the dropout masks. */
  dropout: UniformSource;
}

/** The book's weight scale: He for relu, Xavier for sigmoid, else the number given. */
export function weightScale(init: WeightInit, nIn: number): number {
  if (init === 'he' || init === 'relu') return Math.sqrt(2 / nIn);
  if (init === 'xavier' || init === 'sigmoid') return Math.sqrt(1 / nIn);
  return init;
}

export class MultiLayerNet {
  /** Every learnable matrix, in layer order; `grads[i]` is the gradient of `params[i]`. */
  readonly params: Mat[];
  readonly grads: Mat[];
  /** Every array a trained net holds, by the book's names (W1, b1, gamma1, beta1, running_mean1,
   * running_var1, W2, …): what kept weights are saved from and loaded into. */
  readonly named: { name: string; mat: Mat }[] = [];
  private readonly layers: Layer[] = [];
  private readonly decayed: Param[];
  private readonly lossLayer: SoftmaxWithLoss;

  constructor(
    private readonly backend: Backend,
    model: ModelSpec,
    private readonly weightDecay: number,
    shape: NetShape,
    random: NetRandomness,
  ) {
    const sizes = [shape.inputSize, ...model.hiddenSizes, shape.classes];
    const all: Param[] = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const nIn = sizes[l];
      const nOut = sizes[l + 1];
      const scale = weightScale(model.weightInit, nIn);
      const w = new Float32Array(nIn * nOut);
      for (let i = 0; i < w.length; i++) w[i] = scale * random.init.normal();
      const hidden = l + 2 < sizes.length;
      // Without BatchNorm the activation fuses into the Affine; with it, it follows the BatchNorm.
      const fusedAct = hidden && !model.batchNorm ? model.activation : 'identity';
      const affine = new Affine(backend, nIn, nOut, w, fusedAct, shape.rows, l > 0);
      this.layers.push(affine);
      all.push(affine.weight, affine.bias);
      const n = l + 1;
      this.named.push({ name: `W${n}`, mat: affine.weight.value }, { name: `b${n}`, mat: affine.bias.value });
      if (!hidden) break;
      if (model.batchNorm) {
        const bn = new BatchNorm(backend, nOut, shape.rows);
        this.layers.push(bn, new Activation(backend, nOut, model.activation));
        all.push(bn.gamma, bn.beta);
        const { gamma, beta, runningMean, runningVar } = bn.state;
        this.named.push({ name: `gamma${n}`, mat: gamma }, { name: `beta${n}`, mat: beta }, { name: `running_mean${n}`, mat: runningMean }, { name: `running_var${n}`, mat: runningVar });
      }
      if (model.dropout > 0) this.layers.push(new Dropout(backend, nOut, shape.rows.train, model.dropout, random.dropout));
    }
    this.lossLayer = new SoftmaxWithLoss(backend, shape.classes, shape.rows.train);
    this.params = all.map((p) => p.value);
    this.grads = all.map((p) => p.grad);
    this.decayed = all.filter((p) => p.decay);
  }

  /** Logits of x (shape.rows.train rows when training, shape.rows.test at test time). */
  predict(x: Mat, train: boolean): Mat {
    let out = x;
    for (const layer of this.layers) out = layer.forward(out, train);
    return out;
  }

  /**
   * Training forward and backward on a mini-batch: fills `grads`, returns the loss with weight
   * decay (deferred on a GPU backend, whose loss and Σw² arrive after the kernels have run).
   */
  gradient(x: Mat, t: IntVec): Deferred<number> {
    const loss = this.lossLayer.forward(this.predict(x, true), t);
    const squares = this.weightDecay === 0 ? [] : this.decayed.map((p) => this.backend.sumSquares(p.value));
    let dout: Mat | null = this.lossLayer.backward();
    for (let l = this.layers.length - 1; l >= 0 && dout; l--) dout = this.layers[l].backward(dout);
    if (this.weightDecay !== 0) for (const p of this.decayed) this.backend.axpy(p.grad, p.value, this.weightDecay);
    return whenAll([loss, ...squares], ([dataLoss, ...sums]) => dataLoss + this.decayLoss(sums));
  }

  /** 0.5·λ·Σ‖W‖² over the decayed weights, from their Σw². */
  private decayLoss(sumsOfSquares: number[]): number {
    let sum = 0;
    for (const s of sumsOfSquares) sum += 0.5 * this.weightDecay * s;
    return sum;
  }
}
