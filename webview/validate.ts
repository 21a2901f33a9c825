// Shape checks for every message the host posts to the panel. The panel trusts nothing it has not
// checked: a malformed message is dropped whole (undefined), an unknown type is ignored the same way.
// JSON carries NaN as null, so a diverged trial's loss or accuracy may arrive as null; it is read
// back as NaN (points) or as "no value" (final accuracies).
import type { HostToPanel, PanelRun } from '../src/panel/contract';
import { readRounds } from './validate-rounds';
import type { EndStatus, EpochPoint, TrialEvent, TrialRecord, TrialStatus } from '../src/core/runs/events';

const STATUSES: readonly TrialStatus[] = ['running', 'completed', 'pruned', 'diverged', 'failed', 'cancelled'];
const SCALES = ['log', 'linear', 'band'] as const;

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
const isNumOrNull = (x: unknown): x is number | null => x === null || typeof x === 'number';

function readPoint(x: unknown): EpochPoint | undefined {
  if (!isObj(x) || !isCount(x.epoch)) return undefined;
  if (!isNumOrNull(x.trainAcc) || !isNumOrNull(x.valAcc) || !isNumOrNull(x.loss)) return undefined;
  return { epoch: x.epoch, trainAcc: x.trainAcc ?? NaN, valAcc: x.valAcc ?? NaN, loss: x.loss ?? NaN };
}

function readParams(x: unknown): TrialRecord['params'] | undefined {
  if (!isObj(x)) return undefined;
  for (const v of Object.values(x)) {
    const ok =
      typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ||
      (Array.isArray(v) && v.every((n) => typeof n === 'number'));
    if (!ok) return undefined;
  }
  return x as TrialRecord['params'];
}

const optionalNumber = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

/** One trial; `curve` may be absent (an empty curve). */
export function readTrial(x: unknown): TrialRecord | undefined {
  if (!isObj(x) || !isCount(x.trial)) return undefined;
  const params = readParams(x.params);
  if (!params || !STATUSES.includes(x.status as TrialStatus)) return undefined;
  const curve: EpochPoint[] = [];
  if (x.curve !== undefined) {
    if (!Array.isArray(x.curve)) return undefined;
    for (const p of x.curve) {
      const point = readPoint(p);
      if (!point) return undefined;
      curve.push(point);
    }
  }
  for (const k of ['valAcc', 'trainAcc', 'seconds'] as const) {
    if (x[k] !== undefined && !isNumOrNull(x[k])) return undefined;
  }
  const record: TrialRecord = {
    trial: x.trial,
    seed: typeof x.seed === 'number' ? x.seed : 0,
    params,
    backend: (typeof x.backend === 'string' ? x.backend : 'js') as TrialRecord['backend'],
    status: x.status as TrialStatus,
    curve,
  };
  const valAcc = optionalNumber(x.valAcc);
  const trainAcc = optionalNumber(x.trainAcc);
  const seconds = optionalNumber(x.seconds);
  if (valAcc !== undefined) record.valAcc = valAcc;
  if (trainAcc !== undefined) record.trainAcc = trainAcc;
  if (seconds !== undefined) record.seconds = seconds;
  if (typeof x.error === 'string') record.error = x.error;
  return record;
}

/** One event of trials.jsonl, as the host applied it. */
export function readEvent(x: unknown): TrialEvent | undefined {
  if (!isObj(x) || !isCount(x.trial)) return undefined;
  const time = typeof x.time === 'string' ? x.time : '';
  switch (x.type) {
    case 'start': {
      const params = readParams(x.params);
      if (!params || typeof x.seed !== 'number' || typeof x.backend !== 'string') return undefined;
      return { type: 'start', trial: x.trial, seed: x.seed, params, backend: x.backend as TrialRecord['backend'], time };
    }
    case 'epoch': {
      const point = readPoint(x);
      return point && { type: 'epoch', trial: x.trial, ...point };
    }
    case 'end': {
      if (!STATUSES.includes(x.status as TrialStatus) || x.status === 'running' || !isCount(x.epochs) || !isNumOrNull(x.seconds)) return undefined;
      if ((x.valAcc !== undefined && !isNumOrNull(x.valAcc)) || (x.trainAcc !== undefined && !isNumOrNull(x.trainAcc))) return undefined;
      const e: TrialEvent = { type: 'end', trial: x.trial, status: x.status as EndStatus, epochs: x.epochs, seconds: x.seconds ?? NaN, time };
      const valAcc = optionalNumber(x.valAcc);
      const trainAcc = optionalNumber(x.trainAcc);
      if (valAcc !== undefined) e.valAcc = valAcc;
      if (trainAcc !== undefined) e.trainAcc = trainAcc;
      if (typeof x.error === 'string') e.error = x.error;
      return e;
    }
    default:
      return undefined;
  }
}

function readTrials(x: unknown): TrialRecord[] | undefined {
  if (!Array.isArray(x)) return undefined;
  const out: TrialRecord[] = [];
  for (const t of x) {
    const record = readTrial(t);
    if (!record) return undefined;
    out.push(record);
  }
  return out;
}

function readRun(x: unknown): PanelRun | undefined {
  if (!isObj(x) || !isObj(x.params)) return undefined;
  if (typeof x.dir !== 'string' || typeof x.name !== 'string' || typeof x.backend !== 'string') return undefined;
  if (!isCount(x.epochs) || x.epochs < 1 || !isCount(x.trialsTotal)) return undefined;
  const params: PanelRun['params'] = {};
  for (const [name, scale] of Object.entries(x.params)) {
    if (!SCALES.includes(scale as (typeof SCALES)[number])) return undefined;
    params[name] = scale as (typeof SCALES)[number];
  }
  const testSet = x.testSet === true ? { testSet: true } : {};
  return { dir: x.dir, name: x.name, backend: x.backend, epochs: x.epochs, trialsTotal: x.trialsTotal, params, ...testSet };
}

function readStrings(x: unknown): Record<string, string> | undefined {
  if (x === undefined) return {};
  if (!isObj(x)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(x)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** The message if it is one the panel understands, in full; otherwise undefined. */
export function parseHostMessage(data: unknown): HostToPanel | undefined {
  if (!isObj(data)) return undefined;
  switch (data.type) {
    case 'init': {
      const run = readRun(data.run);
      const trials = readTrials(data.trials);
      const strings = readStrings(data.strings);
      if (!run || !trials || !strings || !isCount(data.bestN) || data.bestN < 1) return undefined;
      return { type: 'init', run, trials, strings, bestN: data.bestN };
    }
    case 'update': {
      if (!Array.isArray(data.events)) return undefined;
      const events: TrialEvent[] = [];
      for (const x of data.events) {
        const e = readEvent(x);
        if (!e) return undefined;
        events.push(e);
      }
      return { type: 'update', events };
    }
    case 'select':
      if (data.trial !== null && !isCount(data.trial)) return undefined;
      return { type: 'select', trial: data.trial };
    case 'importance': {
      if (!isObj(data.importance)) return undefined;
      const importance: Record<string, number> = {};
      for (const [k, v] of Object.entries(data.importance)) {
        if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
        importance[k] = v;
      }
      return { type: 'importance', importance };
    }
    case 'findings':
      if (!Array.isArray(data.sentences) || !data.sentences.every((x) => typeof x === 'string')) return undefined;
      return { type: 'findings', sentences: data.sentences as string[] };
    case 'clearBrushes':
      return { type: 'clearBrushes' };
    case 'rounds':
      return readRounds(data);
    case 'workers':
      return data.count === null || isCount(data.count) ? { type: 'workers', count: data.count } : undefined;
    case 'notes': {
      if ((data.run !== undefined && typeof data.run !== 'string') || !isObj(data.trials)) return undefined;
      const trials: Record<number, string> = {};
      for (const [k, v] of Object.entries(data.trials)) {
        if (!/^\d+$/.test(k) || typeof v !== 'string') return undefined;
        trials[Number(k)] = v;
      }
      return data.run === undefined ? { type: 'notes', trials } : { type: 'notes', run: data.run, trials };
    }
    default:
      return undefined;
  }
}
