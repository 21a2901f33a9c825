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
/** The run's notes (notes.json in the run folder), sent after `init` and whenever they change. */
export interface PanelNotes {
  type: 'notes';
  /** The note on the run itself, if any. */
  run?: string;
  /** Trial number → its note. */
  trials: Record<number, string>;
}
export type HostToPanel = PanelInit | PanelUpdate | PanelSelect | PanelImportance | PanelNotes;

// ── webview → host ───────────────────────────────────────────────────────────
export type PanelToHost =
  | { type: 'ready' }
  | { type: 'select'; trial: number | null }
  | { type: 'setBestN'; n: number }
  /** The trials the panel's brushes keep, ascending (null: no brush): the tree shows only these. */
  | { type: 'filter'; trials: number[] | null }
  /** The user asked to write the note of the run (trial null) or of a trial; the host asks for the text. */
  | { type: 'editNote'; trial: number | null };
