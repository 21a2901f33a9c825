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
export type HostToPanel = PanelInit | PanelUpdate | PanelSelect | PanelImportance;

// ── webview → host ───────────────────────────────────────────────────────────
export type PanelToHost =
  | { type: 'ready' }
  | { type: 'select'; trial: number | null }
  | { type: 'setBestN'; n: number };
