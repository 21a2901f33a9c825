// Everything the panel knows, rebuilt from the host's messages (the webview only draws: after a
// reload the host sends `init` again from the run store). Pure: no DOM, unit-tested.
import type { PanelInit, PanelRun, PanelUpdate } from '../src/contract';
import type { EpochPoint, TrialRecord } from '../src/core/runs/events';

export class PanelStore {
  run: PanelRun | undefined;
  strings: Record<string, string> = {};
  bestN = 20;
  selected: number | null = null;
  importance: Record<string, number> | undefined;
  readonly trials = new Map<number, TrialRecord>();
  /** Bumped whenever a trial's curve is replaced rather than extended (a resumed trial restarts). */
  private readonly curveVersions = new Map<number, number>();

  init(msg: PanelInit): void {
    this.run = msg.run;
    this.strings = msg.strings;
    this.bestN = msg.bestN;
    this.importance = undefined;
    this.trials.clear();
    this.curveVersions.clear();
    for (const t of msg.trials) this.trials.set(t.trial, { ...t, curve: [...t.curve] });
    if (this.selected !== null && !this.trials.has(this.selected)) this.selected = null;
  }

  /** Records first (status, params, final values), then the new points in order. */
  update(msg: PanelUpdate): void {
    for (const record of msg.trials) this.mergeRecord(record);
    for (const { trial, point } of msg.epochs) this.appendPoint(trial, point);
  }

  curveVersion(trial: number): number {
    return this.curveVersions.get(trial) ?? 0;
  }

  /** Trials in trial-number order. */
  sortedTrials(): TrialRecord[] {
    return [...this.trials.values()].sort((a, b) => a.trial - b.trial);
  }

  private mergeRecord(record: TrialRecord): void {
    const known = this.trials.get(record.trial);
    if (!known) {
      this.trials.set(record.trial, { ...record, curve: [...record.curve] });
      return;
    }
    // Updates omit the curve; a record that does carry one replaces it.
    const curve = record.curve.length > 0 ? [...record.curve] : known.curve;
    if (record.curve.length > 0) this.bumpVersion(record.trial);
    this.trials.set(record.trial, { ...known, ...record, curve });
  }

  private appendPoint(trial: number, point: EpochPoint): void {
    let t = this.trials.get(trial);
    if (!t) {
      // A point may overtake its trial's start record; the record fills the rest in later.
      t = { trial, seed: 0, params: {}, backend: 'js', status: 'running', curve: [] };
      this.trials.set(trial, t);
    }
    const last = t.curve.at(-1);
    if (last && point.epoch <= last.epoch) {
      // An epoch seen again means the trial started over (resume): drop what it recorded since.
      t.curve = t.curve.filter((p) => p.epoch < point.epoch);
      this.bumpVersion(trial);
    }
    t.curve.push(point);
    if (Number.isFinite(point.valAcc)) t.valAcc = point.valAcc;
    if (Number.isFinite(point.trainAcc)) t.trainAcc = point.trainAcc;
  }

  private bumpVersion(trial: number): void {
    this.curveVersions.set(trial, this.curveVersion(trial) + 1);
  }
}
