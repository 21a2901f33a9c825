// Everything the panel knows, rebuilt from the host's messages (the webview only draws: after a
// reload the host sends `init` again). The run's events go through the same reducer as on the
// host (src/core/runs/state.ts), so the panel's trials are the host's. Pure: no DOM, unit-tested.
import type { PanelInit, PanelNotes, PanelRound, PanelRun, PanelUpdate } from '../src/panel/contract';
import type { TrialRecord } from '../src/core/runs/events';
import { applyEvent, emptyRunState, stateOf, type RunState } from '../src/core/runs/state';
import { passesBrushes, type Brush, type Brushes } from './parallel-rows';

export class PanelStore {
  run: PanelRun | undefined;
  strings: Record<string, string> = {};
  bestN = 20;
  selected: number | null = null;
  importance: Record<string, number> | undefined;
  /** The run's rounds, oldest first, when it is round 2 or later (the host sends them after init). */
  rounds: PanelRound[] | undefined;
  state: RunState = emptyRunState();
  /** A queue run's connected workers; null when the shown run is not training through a queue. */
  workers: number | null = null;
  /** The run's notes (notes.json), as the host last sent them. */
  notes: { run?: string; trials: ReadonlyMap<number, string> } = { trials: new Map() };
  /** Bumped whenever a trial's curve is replaced rather than extended (a resumed trial restarts). */
  private readonly curveVersions = new Map<number, number>();
  /** One set per view that asked (track): the trials that updates changed since the view last looked. */
  private readonly trackers = new Set<Set<number>>();
  /** The parallel coordinates' brushes by axis (param path or VAL_ACC_AXIS), in data units. */
  brushes: Brushes = {};
  /** The trials outside some brush (empty when there is none). */
  private readonly failing = new Set<number>();
  /** Set when the trials that pass the brushes may have changed; the panel tells the host and clears it. */
  filterChanged = false;

  get trials(): ReadonlyMap<number, TrialRecord> {
    return this.state.trials;
  }

  init(msg: PanelInit): void {
    if (this.run?.dir !== msg.run.dir) this.notes = { trials: new Map() }; // another run's notes follow its init
    this.workers = null; // a queue run's count follows its init
    this.run = msg.run;
    this.strings = msg.strings;
    this.bestN = msg.bestN;
    this.importance = undefined;
    this.rounds = undefined;
    this.state = stateOf(msg.trials);
    this.curveVersions.clear();
    this.failing.clear();
    for (const trial of this.trials.keys()) this.refilter(trial);
    this.filterChanged = true;
    if (this.selected !== null && !this.trials.has(this.selected)) this.selected = null;
  }

  update(msg: PanelUpdate): void {
    for (const e of msg.events) {
      const replaced = e.type === 'start' && this.trials.has(e.trial);
      if (!applyEvent(this.state, e)) continue;
      if (replaced) this.curveVersions.set(e.trial, this.curveVersion(e.trial) + 1);
      for (const changed of this.trackers) changed.add(e.trial);
      this.refilter(e.trial);
    }
  }

  /** Sets (or, undefined, removes) the brush on an axis; every trial whose passing flips counts as changed. */
  setBrush(axis: string, brush: Brush | undefined): void {
    const { [axis]: _old, ...others } = this.brushes;
    this.brushes = brush ? { ...others, [axis]: brush } : others;
    this.filterChanged = true;
    for (const trial of this.trials.keys()) {
      if (this.refilter(trial)) for (const changed of this.trackers) changed.add(trial);
    }
  }

  /** Whether the trial lies in every brush (true when there is none). */
  passes(trial: number): boolean {
    return !this.failing.has(trial);
  }

  /** How many trials pass the brushes. */
  get passingCount(): number {
    return this.trials.size - this.failing.size;
  }

  /** The trials that pass the brushes, ascending; null when there is no brush. */
  filtered(): number[] | null {
    if (Object.keys(this.brushes).length === 0) return null;
    return [...this.trials.keys()].filter((trial) => !this.failing.has(trial)).sort((a, b) => a - b);
  }

  /** Brings the trial's passing up to date; true if it flipped. */
  private refilter(trial: number): boolean {
    const t = this.trials.get(trial);
    const fails = t !== undefined && !passesBrushes(t, this.brushes);
    if (fails === this.failing.has(trial)) return false;
    if (fails) this.failing.add(trial);
    else this.failing.delete(trial);
    this.filterChanged = true;
    return true;
  }

  /** A set that collects the number of every trial an update changes from now on; the caller
   * empties it once it has looked (at 10,000 trials a redraw cannot afford to compare them all).
   * An `init` changes everything: callers start over after one. */
  track(): Set<number> {
    const changed = new Set<number>();
    this.trackers.add(changed);
    return changed;
  }

  setNotes(msg: PanelNotes): void {
    const trials = new Map(Object.entries(msg.trials).map(([trial, text]) => [Number(trial), text]));
    // views that show a trial's note (the scatter's tooltip) look at the trials whose note changed
    for (const trial of new Set([...trials.keys(), ...this.notes.trials.keys()])) {
      if (trials.get(trial) !== this.notes.trials.get(trial)) for (const changed of this.trackers) changed.add(trial);
    }
    this.notes = msg.run === undefined ? { trials } : { run: msg.run, trials };
  }

  curveVersion(trial: number): number {
    return this.curveVersions.get(trial) ?? 0;
  }
}
