// One trial, as the book's common/trainer.py runs it: mini-batches drawn uniformly with
// replacement, forward, backward, weight decay, update, and a test-mode evaluation of training
// and validation accuracy once per epoch (see ./schedule for exactly when).
import type { Backend, Deferred } from './backend';
import type { Dataset } from '../data/dataset';
import type { EpochPoint } from '../runs/events';
import type { TrialConfig } from '../spec/types';
import { deriveSeed, Rng } from '../random';
import { Evaluator, evaluationChunkRows } from './evaluation';
import { MultiLayerNet } from './net';
import { createOptimizer } from './optimizers';
import { trainingSchedule } from './schedule';
import { readWeights } from './weights';
import type { NpzArrays } from '../runs/npz';

export interface TrialHooks {
  /** Called (and awaited) after each evaluation; true stops the trial as pruned. */
  onEpoch(point: EpochPoint): boolean | Promise<boolean>;
  /** Checked before every iteration; true ends the trial as cancelled. */
  shouldCancel?(): boolean;
  /** Put the weights of a trial that ends with a result (completed, pruned) into the outcome: those its
   * last recorded val acc was measured with. */
  keepWeights?: boolean;
}

export interface TrialOutcome {
  status: 'completed' | 'pruned' | 'diverged' | 'cancelled';
  /** Evaluations recorded (= curve.length). */
  epochs: number;
  curve: EpochPoint[];
  error?: string;
  /** The final arrays by the book's names, when hooks.keepWeights asked and the trial ended with a result. */
  weights?: NpzArrays;
}

/** What train() hands back beside its outcome: the net (for a pruned trial's weights) and the weights at the last evaluation. */
interface Made {
  net?: MultiLayerNet;
  weights?: NpzArrays;
}

export async function trainTrial(
  config: TrialConfig,
  data: Dataset,
  backend: Backend,
  seed: number,
  hooks: TrialHooks,
): Promise<TrialOutcome> {
  const nTrain = data.tTrain.length;
  const nVal = data.tVal.length;
  if (nTrain === 0 || nVal === 0) throw new Error(`a trial needs training and validation rows (got ${nTrain} and ${nVal})`);
  const mark = backend.mark();
  try {
    const made: Made = {};
    const outcome = await train(config, data, backend, seed, hooks, made);
    if (hooks.keepWeights && made.net && (outcome.status === 'completed' || outcome.status === 'pruned')) outcome.weights = made.weights ?? (await readWeights(backend, made.net));
    return outcome;
  } finally {
    backend.release(mark);
  }
}

async function train(
  config: TrialConfig,
  data: Dataset,
  backend: Backend,
  seed: number,
  hooks: TrialHooks,
  made: Made,
): Promise<TrialOutcome> {
  const { model, training } = config;
  const nTrain = data.tTrain.length;
  const nVal = data.tVal.length;
  const batch = training.batchSize;
  const widest = Math.max(data.inputSize, data.classes, ...model.hiddenSizes);

  // Training rows followed by validation rows, on the backend once: batches gather from the
  // first nTrain rows, evaluation runs over all of them.
  const x = backend.alloc(nTrain + nVal, data.inputSize);
  const xHost = new Float32Array((nTrain + nVal) * data.inputSize);
  xHost.set(data.xTrain);
  xHost.set(data.xVal, data.xTrain.length);
  backend.write(x, xHost);
  const tHost = new Int32Array(nTrain + nVal);
  tHost.set(data.tTrain);
  tHost.set(data.tVal, nTrain);
  const t = backend.allocInts(nTrain + nVal);
  backend.writeInts(t, tHost);

  const chunkRows = evaluationChunkRows(nTrain + nVal, widest);
  const net = new MultiLayerNet(
    backend,
    model,
    training.weightDecay,
    { inputSize: data.inputSize, classes: data.classes, rows: { train: batch, test: chunkRows } },
    { init: new Rng(deriveSeed(seed, 'init')), dropout: new Rng(deriveSeed(seed, 'dropout')) },
  );
  made.net = net;
  const evaluator = new Evaluator(backend, x, tHost, nTrain, nVal, chunkRows);
  const optimizer = createOptimizer(training, backend);
  const batchRng = new Rng(deriveSeed(seed, 'batch'));
  const batchIndices = new Int32Array(batch);
  const batchIdx = backend.allocInts(batch);
  const xBatch = backend.alloc(batch, data.inputSize);
  const tBatch = backend.allocInts(batch);

  const { iterations, evaluations } = trainingSchedule(nTrain, batch, training.epochs);
  const curve: EpochPoint[] = [];
  const outcome = (status: TrialOutcome['status'], error?: string): TrialOutcome => ({
    status,
    epochs: curve.length,
    curve,
    ...(error ? { error } : {}),
  });
  const diverged = (loss: number, it: number) => outcome('diverged', `loss became ${loss} at iteration ${it + 1} of ${iterations}`);
  // This window's losses, iteration `first` onwards. A GPU backend hands them over (promises)
  // when its device has computed them: they are awaited, with the accuracy counts, at the next
  // evaluation, which is where a GPU backend's divergence shows; CPU backends stop at once.
  let losses: Deferred<number>[] = [];
  let first = 0;
  /** The window's mean loss, or the first non-finite loss's iteration. */
  const settle = async (): Promise<{ mean: number } | { bad: number; at: number }> => {
    const values = await Promise.all(losses);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) return { bad: values[bad], at: first + bad };
    let sum = 0;
    for (const v of values) sum += v;
    return { mean: sum / values.length };
  };
  for (let it = 0; it < iterations; it++) {
    if (hooks.shouldCancel?.()) return outcome('cancelled');
    for (let r = 0; r < batch; r++) batchIndices[r] = batchRng.int(nTrain); // with replacement
    backend.writeInts(batchIdx, batchIndices);
    backend.gatherRows(xBatch, x, batchIdx, tBatch, t);
    // We record the loss of the forward that produced the gradient. The book's Trainer records
    // a second forward of the same batch after the update (in test mode for the extended net):
    // a forward more per iteration that changes only the reported loss, never the accuracies.
    const loss = net.gradient(xBatch, tBatch);
    if (typeof loss === 'number' && !Number.isFinite(loss)) return diverged(loss, it);
    optimizer.step(net.params, net.grads);
    losses.push(loss);
    if (it === evaluations[curve.length] || it === iterations - 1) {
      const [window, accuracy] = await Promise.all([settle(), it === evaluations[curve.length] ? evaluator.accuracy(net) : null]);
      if ('bad' in window) return diverged(window.bad, window.at);
      losses = [];
      first = it + 1;
      if (!accuracy) break; // the last iterations, after the last evaluation: checked, not recorded
      const point: EpochPoint = { epoch: curve.length + 1, ...accuracy, loss: window.mean };
      curve.push(point);
      // the weights the final val acc measured: iterations after the last evaluation still update them
      if (hooks.keepWeights && curve.length === evaluations.length) made.weights = await readWeights(backend, net);
      if (await hooks.onEpoch(point)) return outcome('pruned');
    }
  }
  return outcome('completed');
}
