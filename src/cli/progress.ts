// Progress while a search runs: a bar on a terminal (trials done, best so far, ETA), a line per
// finished trial otherwise (logs, CI). Always on stderr: stdout carries results. Every number
// comes from the run's state (the one reducer); the events only say when to redraw.
import { SingleBar } from 'cli-progress';
import type { TrialEvent } from '../core/runs/events';
import { bestValAcc, finishedCount, type RunState } from '../core/runs/state';
import { statusText } from './format';
import { t } from './l10n';

export class SearchProgress {
  private readonly bar: SingleBar | undefined;
  private readonly t0 = Date.now();

  constructor(private readonly state: RunState, private readonly total: number, tty = process.stderr.isTTY === true) {
    if (tty) {
      this.bar = new SingleBar({
        // cli-progress fills the {named} fields; t() only replaces numbered ones
        format: t('trials {bar} {value}/{total} | best val acc {best} | {running} running | ETA {eta_formatted}'),
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 20,
      });
      this.bar.start(total, finishedCount(state), this.fields());
    }
  }

  private fields() {
    const best = bestValAcc(this.state);
    return { best: best === undefined ? '–' : best.toFixed(2), running: this.state.counts.running };
  }

  onEvent(e: TrialEvent): void {
    if (e.type === 'epoch') return;
    if (this.bar) return this.bar.update(finishedCount(this.state), this.fields());
    if (e.type !== 'end' || e.status === 'cancelled') return;
    const status = statusText(e.status);
    const what = e.valAcc === undefined ? status : t('{0}, val acc {1}', status, e.valAcc.toFixed(2));
    const seconds = Math.round((Date.now() - this.t0) / 1000);
    process.stderr.write(t('trial {0} {1} ({2}/{3}, best {4}, {5}s)', e.trial, what, finishedCount(this.state), this.total, this.fields().best, seconds) + '\n');
  }

  note(message: string): void {
    if (this.bar) this.bar.stop();
    process.stderr.write(t('note: {0}', message) + '\n');
    if (this.bar) this.bar.start(this.total, finishedCount(this.state), this.fields());
  }

  stop(): void {
    this.bar?.stop();
  }
}
