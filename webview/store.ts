// Everything the panel knows, rebuilt from the host's messages (the webview only draws: after a
// reload the host sends `init` again). The run's events go through the same reducer as on the
// host (src/core/runs/state.ts), so the panel's trials are the host's. Pure: no DOM, unit-tested.
import type { PanelInit, PanelRun, PanelUpdate } from '../src/panel/contract';
import type { TrialRecord } from '../src/core/runs/events';
import { applyEvent, emptyRunState, stateOf, type RunState } from '../src/core/runs/state';

export class PanelStore {
  run: PanelRun | undefined;
  strings: Record<string, string> = {};
  bestN = 20;
  selected: number | null = null;
  importance: Record<string, number> | undefined;
  state: RunState = emptyRunState();
  /** Bumped whenever a trial's curve is replaced rather than extended (a resumed trial restarts). */
  private readonly curveVersions = new Map<number, number>();

  get trials(): ReadonlyMap<number, TrialRecord> {
    return this.state.trials;
  }

  init(msg: PanelInit): void {
    this.run = msg.run;
    this.strings = msg.strings;
    this.bestN = msg.bestN;
    this.importance = undefined;
    this.state = stateOf(msg.trials);
    this.curveVersions.clear();
    if (this.selected !== null && !this.trials.has(this.selected)) this.selected = null;
  }

  update(msg: PanelUpdate): void {
    for (const e of msg.events) {
      const replaced = e.type === 'start' && this.trials.has(e.trial);
      if (applyEvent(this.state, e) && replaced) this.curveVersions.set(e.trial, this.curveVersion(e.trial) + 1);
    }
  }

  curveVersion(trial: number): number {
    return this.curveVersions.get(trial) ?? 0;
  }
}
