// The one reducer: the only code that turns trial events into run state. A run writes each event
// to trials.jsonl and then applies it here; a reader replays the file through it (all of it, or
// just the tail); the panel, the tree, the CLI's progress and the exports read the state it keeps.
// This is Optuna's journal storage: read_logs → apply_logs, one replay path for writers and readers.
import type { TrialEvent, TrialRecord, TrialStatus } from './events';
import { compareTrials } from '../search/ranking';
import { lastValAcc } from '../search/objective';

export interface RunState {
  /** One record per trial, by trial number (a resumed trial's record is its latest attempt). */
  readonly trials: Map<number, TrialRecord>;
  /** How many trials are in each status. */
  readonly counts: Record<TrialStatus, number>;
  /** The best trial with a result (completed or pruned), by the §6.5 ranking; undefined before the first. */
  best: TrialRecord | undefined;
}

/** A trial is finished when it ended by itself; a cancelled one is not (resume runs it again). */
export const isFinished = (status: TrialStatus): boolean => status !== 'running' && status !== 'cancelled';

export function emptyRunState(): RunState {
  return { trials: new Map(), counts: { running: 0, completed: 0, pruned: 0, diverged: 0, failed: 0, cancelled: 0 }, best: undefined };
}

/** Trials that ended by themselves. */
export const finishedCount = (state: RunState): number => state.trials.size - state.counts.running - state.counts.cancelled;

/** The final val acc of the best trial so far. */
export const bestValAcc = (state: RunState): number | undefined => (state.best ? lastValAcc(state.best) : undefined);

/** Every record, in trial-number order. */
export const trialList = (state: RunState): TrialRecord[] => [...state.trials.values()].sort((a, b) => a.trial - b.trial);

const hasResult = (r: TrialRecord) => (r.status === 'completed' || r.status === 'pruned') && lastValAcc(r) !== undefined;

/** Makes `r` the best trial when it ranks above the best so far. */
function consider(state: RunState, r: TrialRecord): void {
  if (hasResult(r) && (!state.best || compareTrials(r, state.best) < 0)) state.best = r;
}

/**
 * Applies one event; returns the record it changed, or undefined when it changed nothing.
 * - `start` begins a trial; a later start of the same trial (resume, a re-run) replaces everything
 *   the earlier attempt recorded.
 * - `epoch` extends a running trial's curve; an epoch of a trial that is not running (a superseded
 *   attempt, a line after its end) is ignored.
 * - `end` ends a running trial; only the first end of an attempt counts.
 */
export function applyEvent(state: RunState, e: TrialEvent): TrialRecord | undefined {
  if (e.type === 'start') {
    const old = state.trials.get(e.trial);
    if (old) state.counts[old.status]--;
    const record: TrialRecord = { trial: e.trial, seed: e.seed, params: e.params, backend: e.backend, status: 'running', curve: [] };
    if (e.host !== undefined) record.host = e.host;
    state.trials.set(e.trial, record);
    state.counts.running++;
    if (old && old === state.best) {
      state.best = undefined;
      for (const other of state.trials.values()) consider(state, other);
    }
    return record;
  }
  const r = state.trials.get(e.trial);
  if (!r || r.status !== 'running') return undefined;
  if (e.type === 'epoch') {
    r.curve.push({ epoch: e.epoch, trainAcc: e.trainAcc, valAcc: e.valAcc, loss: e.loss });
    r.valAcc = e.valAcc;
    r.trainAcc = e.trainAcc;
    return r;
  }
  state.counts.running--;
  state.counts[e.status]++;
  r.status = e.status;
  r.valAcc = e.valAcc;
  r.trainAcc = e.trainAcc;
  r.seconds = e.seconds;
  if (e.error !== undefined) r.error = e.error;
  consider(state, r);
  return r;
}

/** The state of these events, applied in order. */
export function replay(events: Iterable<TrialEvent>, state = emptyRunState()): RunState {
  for (const e of events) applyEvent(state, e);
  return state;
}

/** A state that starts from these records (the panel's snapshot from the host). */
export function stateOf(records: Iterable<TrialRecord>): RunState {
  const state = emptyRunState();
  for (const r of records) {
    state.trials.set(r.trial, r);
    state.counts[r.status]++;
    consider(state, r);
  }
  return state;
}
