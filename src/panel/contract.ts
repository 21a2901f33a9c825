// The protocol between the extension host and the results panel (a webview), both ways. The
// panel applies the run's events with the same reducer as the host (src/core/runs/state.ts).
import type { TrialEvent, TrialRecord } from '../core/runs/events';

// ── host → webview ───────────────────────────────────────────────────────────
export interface PanelRun {
  dir: string;
  name: string;
  backend: string;
  epochs: number;
  trialsTotal: number;
  /** Searched params: dotted path → scale used for axes. */
  params: Record<string, 'log' | 'linear' | 'band'>;
  /** <run>/test.json exists (`hparam-lab test`): the panel says test accuracy is for reporting only. */
  testSet?: boolean;
}
export interface PanelInit {
  type: 'init';
  run: PanelRun;
  trials: TrialRecord[];
  /** Localised strings for the panel. */
  strings: Record<string, string>;
  bestN: number;
}
/** The run's events since the last message, in order (at most ten messages a second). */
export interface PanelUpdate {
  type: 'update';
  events: TrialEvent[];
}
export interface PanelSelect {
  type: 'select';
  trial: number | null;
}
export interface PanelImportance {
  type: 'importance';
  importance: Record<string, number>;
}
/** The findings in words (core/search/findings.ts), in VS Code's language: sent after `init` and when a run ends. */
export interface PanelFindings {
  type: 'findings';
  sentences: string[];
}
/** The run's notes (notes.json in the run folder), sent after `init` and whenever they change. */
export interface PanelNotes {
  type: 'notes';
  /** The note on the run itself, if any. */
  run?: string;
  /** Trial number → its note. */
  trials: Record<number, string>;
}
/** The user cleared the panel's filter elsewhere (the tree's "Clear panel filter"): remove every brush. */
export interface PanelClearBrushes {
  type: 'clearBrushes';
}
/** One round of the shown run's lineage (core/runs/rounds.ts), oldest first. */
export interface PanelRound {
  round: number;
  /** The run folder's name. */
  run: string;
  /** Each searched numeric param's range in its own units (log10 [-3, -2] → [0.001, 0.01]). */
  ranges: Record<string, [number, number]>;
  best?: number;
  median?: number;
  top?: { k: number; lowest: number; spread: number };
  /** Earlier rounds only: their scored trials (at most MAX_ROUND_POINTS, best first), drawn grey. */
  points: Array<{ valAcc: number; params: Record<string, number | string> }>;
}
/** Sent after `init` when the run is round 2 or later; the last round is the shown run. */
export interface PanelRounds {
  type: 'rounds';
  rounds: PanelRound[];
}
export const MAX_ROUND_POINTS = 2000;
/** A queue run's connected workers (sent after `init` and whenever they change); null: no queue run shown. */
export interface PanelWorkers {
  type: 'workers';
  count: number | null;
}
export type HostToPanel = PanelInit | PanelUpdate | PanelSelect | PanelImportance | PanelFindings | PanelNotes | PanelClearBrushes | PanelRounds | PanelWorkers;

// ── webview → host ───────────────────────────────────────────────────────────
export type PanelToHost =
  | { type: 'ready' }
  | { type: 'select'; trial: number | null }
  | { type: 'setBestN'; n: number }
  /** The trials the panel's brushes keep, ascending (null: no brush): the tree shows only these. */
  | { type: 'filter'; trials: number[] | null }
  /** The user asked to write the note of the run (trial null) or of a trial; the host asks for the text. */
  | { type: 'editNote'; trial: number | null };
