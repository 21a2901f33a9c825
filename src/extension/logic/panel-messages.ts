// The host's side of the panel protocol without vscode: what the webview may say (validated, the
// rest ignored), what `init` holds (a run's records), and the run's events streamed in batches.
import type { HostToPanel, PanelInit, PanelRun, PanelToHost } from '../../panel/contract';
import type { TrialEvent } from '../../core/runs/events';
import type { RunInfo } from '../../core/runs/store';
import { panelRun } from '../../panel/run-view';
import { DEFAULT_STRINGS } from '../../panel/strings';
import type { Translate } from '../../core/translate';

export const BEST_N_LIMIT = 100;
/** The schema's largest search: a filter can name at most every trial. */
export const FILTER_LIMIT = 10_000;

/** A message from the webview as a typed PanelToHost, or undefined for anything else. */
export function parsePanelMessage(message: unknown): PanelToHost | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'select':
      if (m.trial === null) return { type: 'select', trial: null };
      return Number.isSafeInteger(m.trial) && (m.trial as number) >= 0 ? { type: 'select', trial: m.trial as number } : undefined;
    case 'setBestN':
      return Number.isSafeInteger(m.n) && (m.n as number) >= 1 && (m.n as number) <= BEST_N_LIMIT
        ? { type: 'setBestN', n: m.n as number }
        : undefined;
    case 'filter':
      if (m.trials === null) return { type: 'filter', trials: null };
      return Array.isArray(m.trials) && m.trials.length <= FILTER_LIMIT && m.trials.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
        ? { type: 'filter', trials: m.trials as number[] }
        : undefined;
    case 'editNote':
      if (m.trial === null) return { type: 'editNote', trial: null };
      return Number.isSafeInteger(m.trial) && (m.trial as number) >= 0 ? { type: 'editNote', trial: m.trial as number } : undefined;
    default:
      return undefined;
  }
}

export function panelInit(run: RunInfo, strings: Record<string, string>, bestN: number): PanelInit {
  return { type: 'init', run: panelRun(run), trials: run.trials, strings, bestN };
}

/** Collects a run's events and sends them as `update` messages, at most one per `intervalMs`
 * (100 ms → ≤ 10 a second), so a fast search cannot flood the webview. */
export class UpdateBatcher {
  private events: TrialEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = -Infinity;

  constructor(
    private readonly send: (m: HostToPanel) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  add(e: TrialEvent): void {
    this.events.push(e);
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends what is queued now (also at the end of a run). */
  flush(): void {
    const events = this.take();
    if (events.length === 0) return;
    this.lastSent = this.now();
    this.send({ type: 'update', events });
  }

  /** Drops what is queued (an `init` about to be sent holds it already). */
  clear(): void {
    this.take();
  }

  dispose(): void {
    this.take();
  }

  private take(): TrialEvent[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.events;
    this.events = [];
    return events;
  }
}

/** The panel's strings (webview/strings.ts holds the keys and the English), each through the translator. */
export function panelStrings(t: Translate): Record<string, string> {
  return Object.fromEntries(Object.entries(DEFAULT_STRINGS).map(([key, english]) => [key, t(english)]));
}
