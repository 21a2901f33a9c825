// A synthetic search shaped like the book's §6.5 run, streamed the way the host streams it:
// `workers` trials train at once, and each update carries the events (start, epoch, end) of
// `epochsPerUpdate` steps. Accuracies move in steps of 0.01 (100
// validation images); lr decides how far a trial gets, as in the book; weak trials get pruned.
import type { PanelInit, PanelUpdate } from '../../src/panel/contract';
import type { EndStatus, EpochPoint, TrialEvent, TrialRecord } from '../../src/core/runs/events';
import { Rng } from '../../src/core/random';

export interface StreamOptions {
  trials: number;
  epochs: number;
  workers: number;
  epochsPerUpdate: number;
  seed: number;
  /** 'book' (default): weight decay and lr, both log10. 'mixed': lr (log10), dropout (uniform) and the optimizer (a choice). */
  searched?: 'book' | 'mixed';
}

export interface SyntheticRun {
  init: PanelInit;
  updates: PanelUpdate[];
  /** Every trial as it ends up (what the host's run store would hold). */
  final: TrialRecord[];
}

/** The book's order, written out independently of the panel: final val acc, completed before pruned, earlier trial. */
export function expectedBest(trials: readonly TrialRecord[], n: number): number[] {
  const statusOrder = (t: TrialRecord) => (t.status === 'completed' ? 0 : 1);
  return trials
    .filter((t) => t.status === 'completed' || t.status === 'pruned')
    .sort((a, b) => b.valAcc! - a.valAcc! || statusOrder(a) - statusOrder(b) || a.trial - b.trial)
    .slice(0, n)
    .map((t) => t.trial);
}

const step = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;

function plannedTrial(trial: number, epochs: number, rng: Rng, searched: 'book' | 'mixed'): TrialRecord {
  const weightDecay = 10 ** rng.uniform(-8, -4);
  const lr = 10 ** rng.uniform(-6, -2);
  const reach = Math.min(1, Math.max(0, (Math.log10(lr) + 4) / 2)); // 0 below lr 1e-4, 1 at 1e-2
  const ceiling = 0.1 + 0.78 * reach ** 1.4 + rng.uniform(-0.03, 0.03);
  const pace = rng.uniform(6, 18);
  const curve: EpochPoint[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const progress = 1 - Math.exp(-epoch / pace);
    const valAcc = step(0.1 + (ceiling - 0.1) * progress + rng.uniform(-0.015, 0.015));
    const trainAcc = step(valAcc + 0.12 * reach * (epoch / epochs) + rng.uniform(-0.01, 0.01));
    curve.push({ epoch, trainAcc, valAcc, loss: 2.3 * (1 - progress * reach) });
  }
  // Trials that are still near chance a fifth of the way in are pruned there, as a median pruner would.
  const pruneAt = Math.max(2, Math.round(epochs / 5));
  const pruned = ceiling < 0.2 && trial % 3 === 0;
  const kept = pruned ? curve.slice(0, pruneAt) : curve;
  const params: TrialRecord['params'] = searched === 'book'
    ? { 'training.weightDecay': weightDecay, 'training.lr': lr }
    : { 'training.lr': lr, 'model.dropout': Math.round(rng.uniform(0, 0.5) * 1000) / 1000, 'training.optimizer': OPTIMIZERS[Math.floor(rng.uniform(0, 3))]! };
  return {
    trial, seed: trial, params, backend: 'wasm',
    status: pruned ? 'pruned' : 'completed', curve: kept,
    valAcc: kept.at(-1)!.valAcc, trainAcc: kept.at(-1)!.trainAcc, seconds: kept.length * 0.02,
  };
}

export function syntheticRun({ trials, epochs, workers, epochsPerUpdate, seed, searched = 'book' }: StreamOptions): SyntheticRun {
  const rng = new Rng(seed);
  const final = Array.from({ length: trials }, (_, i) => plannedTrial(i, epochs, rng, searched));
  const init: PanelInit = {
    type: 'init',
    run: {
      dir: '/ws/.hparam-lab/runs/20250101-000000-book-6.5', name: 'book-6.5', backend: 'wasm', epochs, trialsTotal: trials,
      params: searched === 'book'
        ? { 'training.weightDecay': 'log', 'training.lr': 'log' }
        : { 'training.lr': 'log', 'model.dropout': 'linear', 'training.optimizer': 'band' },
    },
    trials: [],
    strings: {},
    bestN: 20,
  };
  const updates: PanelUpdate[] = [];
  const queue = [...final];
  const slots: { record: TrialRecord; done: number }[] = [];
  let pending: TrialEvent[] = [];
  let steps = 0;
  const time = '2025-01-01T00:00:00.000Z';
  while (queue.length > 0 || slots.length > 0) {
    while (slots.length < workers && queue.length > 0) {
      const { trial, seed, params, backend } = queue.shift()!;
      slots.push({ record: final[trial]!, done: 0 });
      pending.push({ type: 'start', trial, seed, params, backend, time });
    }
    for (const slot of [...slots]) {
      const { trial, curve, status, valAcc, trainAcc, seconds } = slot.record;
      pending.push({ type: 'epoch', trial, ...curve[slot.done++]! });
      if (slot.done === curve.length) {
        pending.push({ type: 'end', trial, status: status as EndStatus, valAcc, trainAcc, epochs: curve.length, seconds: seconds ?? 0, time });
        slots.splice(slots.indexOf(slot), 1);
      }
    }
    if (++steps % epochsPerUpdate === 0) {
      updates.push({ type: 'update', events: pending });
      pending = [];
    }
  }
  if (pending.length > 0) updates.push({ type: 'update', events: pending });
  return { init, updates, final };
}
