// One trial of a population, advanced one iteration at a time so that a population can run its
// trials in lock-step. It computes exactly what ./trainer's trainTrial computes, in the same order,
// with the same randomness (its own seed: init, batches, dropout): a trial's curve and events are
// the same alone or fused. Kept apart from trainTrial on purpose: trainTrial stays the unfused
// reference the population tests compare against. CPU backends (js, wasm) only: their values are
// there at once, which lock-step needs to let a diverged trial leave at the iteration it diverged.
import type { Dataset } from '../data/dataset';
import type { EpochPoint } from '../runs/events';
import type { TrialConfig } from '../spec/types';
import type { IntVec, Mat, SyncBackend } from './backend';
import { deriveSeed, Rng } from '../random';
import { Evaluator, evaluationChunkRows } from './evaluation';
import { MultiLayerNet } from './net';
import { createOptimizer, type Optimizer } from './optimizers';
import { trainingSchedule } from './schedule';
import { readWeights } from './weights';
import type { TrialHooks, TrialOutcome } from './trainer';

export class PopulationMember {
  private readonly net: MultiLayerNet;
  private readonly evaluator: Evaluator;
  private readonly optimizer: Optimizer;
  private readonly batchRng: Rng;
  private readonly batchIndices: Int32Array;
  private readonly batchIdx: IntVec;
  private readonly xBatch: Mat;
  private readonly tBatch: IntVec;
  private readonly x: Mat;
  private readonly t: IntVec;
  private readonly nTrain: number;
  private readonly iterations: number;
  private readonly evaluations: number[];
  private readonly curve: EpochPoint[] = [];
  private it = 0;
  private lossSum = 0;
  private lossCount = 0;
  private lastEvaluated: TrialOutcome['weights'];

  /** Allocates the trial's buffers on `backend` (the caller marks and releases around it). */
  constructor(
    config: TrialConfig,
    data: Dataset,
    private readonly backend: SyncBackend,
    seed: number,
    private readonly hooks: TrialHooks,
  ) {
    const { model, training } = config;
    const nTrain = data.tTrain.length;
    const nVal = data.tVal.length;
    if (nTrain === 0 || nVal === 0) throw new Error(`a trial needs training and validation rows (got ${nTrain} and ${nVal})`);
    this.nTrain = nTrain;
    const batch = training.batchSize;
    const widest = Math.max(data.inputSize, data.classes, ...model.hiddenSizes);
    this.x = backend.alloc(nTrain + nVal, data.inputSize);
    const xHost = new Float32Array((nTrain + nVal) * data.inputSize);
    xHost.set(data.xTrain);
    xHost.set(data.xVal, data.xTrain.length);
    backend.write(this.x, xHost);
    const tHost = new Int32Array(nTrain + nVal);
    tHost.set(data.tTrain);
    tHost.set(data.tVal, nTrain);
    this.t = backend.allocInts(nTrain + nVal);
    backend.writeInts(this.t, tHost);
    const chunkRows = evaluationChunkRows(nTrain + nVal, widest);
    this.net = new MultiLayerNet(
      backend,
      model,
      training.weightDecay,
      { inputSize: data.inputSize, classes: data.classes, rows: { train: batch, test: chunkRows } },
      { init: new Rng(deriveSeed(seed, 'init')), dropout: new Rng(deriveSeed(seed, 'dropout')) },
    );
    this.evaluator = new Evaluator(backend, this.x, tHost, nTrain, nVal, chunkRows);
    this.optimizer = createOptimizer(training, backend);
    this.batchRng = new Rng(deriveSeed(seed, 'batch'));
    this.batchIndices = new Int32Array(batch);
    this.batchIdx = backend.allocInts(batch);
    this.xBatch = backend.alloc(batch, data.inputSize);
    this.tBatch = backend.allocInts(batch);
    ({ iterations: this.iterations, evaluations: this.evaluations } = trainingSchedule(nTrain, batch, training.epochs));
  }

  /** One iteration (and the evaluation due after it); the outcome once the trial has ended. */
  async step(): Promise<TrialOutcome | undefined> {
    const it = this.it++;
    if (it >= this.iterations) return this.outcome('completed');
    if (this.hooks.shouldCancel?.()) return this.outcome('cancelled');
    const { backend, batchIndices } = this;
    for (let r = 0; r < batchIndices.length; r++) batchIndices[r] = this.batchRng.int(this.nTrain); // with replacement
    backend.writeInts(this.batchIdx, batchIndices);
    backend.gatherRows(this.xBatch, this.x, this.batchIdx, this.tBatch, this.t);
    const loss = this.net.gradient(this.xBatch, this.tBatch) as number; // a SyncBackend's loss is a number
    if (!Number.isFinite(loss)) return this.outcome('diverged', `loss became ${loss} at iteration ${it + 1} of ${this.iterations}`);
    this.optimizer.step(this.net.params, this.net.grads);
    this.lossSum += loss;
    this.lossCount++;
    const due = it === this.evaluations[this.curve.length];
    if (!due) return it === this.iterations - 1 ? this.outcome('completed') : undefined;
    const accuracy = this.evaluator.accuracy(this.net) as { trainAcc: number; valAcc: number };
    const point: EpochPoint = { epoch: this.curve.length + 1, ...accuracy, loss: this.lossSum / this.lossCount };
    this.lossSum = 0;
    this.lossCount = 0;
    this.curve.push(point);
    // the weights the last val acc was measured with (the updates after it change them), as trainTrial keeps
    if (this.hooks.keepWeights && this.curve.length === this.evaluations.length) this.lastEvaluated = await readWeights(this.backend, this.net);
    if (await this.hooks.onEpoch(point)) return this.outcome('pruned');
    return it === this.iterations - 1 ? this.outcome('completed') : undefined;
  }

  /** The trial's outcome, with its final weights when its hooks keep them and it ended with a result (as trainTrial). */
  private async outcome(status: TrialOutcome['status'], error?: string): Promise<TrialOutcome> {
    const outcome: TrialOutcome = { status, epochs: this.curve.length, curve: this.curve, ...(error ? { error } : {}) };
    if (this.hooks.keepWeights && (status === 'completed' || status === 'pruned')) outcome.weights = this.lastEvaluated ?? (await readWeights(this.backend, this.net));
    return outcome;
  }
}
