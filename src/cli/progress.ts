// Progress while a search runs: a bar on a terminal (trials done, best so far, ETA), a line per
// finished trial otherwise (logs, CI). Always on stderr: stdout carries results.
import { SingleBar } from 'cli-progress';
import type { TrialEvent } from '../core/runs/events';
import { statusText } from './format';
import { t } from './l10n';

export class SearchProgress {
  private done = 0;
  private best = -1;
  private readonly bar: SingleBar | undefined;
  private readonly t0 = Date.now();

  constructor(private readonly total: number, alreadyDone: number, tty = process.stderr.isTTY === true) {
    this.done = alreadyDone;
    if (tty) {
      this.bar = new SingleBar({
        // cli-progress fills the {named} fields; t() only replaces numbered ones
        format: t('trials {bar} {value}/{total} | best val acc {best} | {running} running | ETA {eta_formatted}'),
        stream: process.stderr,
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 20,
      });
      this.bar.start(total, this.done, { best: '–', running: 0 });
    }
  }

  private running = 0;

  onEvent(e: TrialEvent): void {
    if (e.type === 'start') this.running++;
    if (e.type !== 'end') return;
    this.running = Math.max(0, this.running - 1);
    if (e.status === 'cancelled') return;
    this.done++;
    if (e.valAcc !== undefined) this.best = Math.max(this.best, e.valAcc);
    const best = this.best < 0 ? '–' : this.best.toFixed(2);
    if (this.bar) this.bar.update(this.done, { best, running: this.running });
    else {
      const status = statusText(e.status);
      const what = e.valAcc === undefined ? status : t('{0}, val acc {1}', status, e.valAcc.toFixed(2));
      const seconds = Math.round((Date.now() - this.t0) / 1000);
      process.stderr.write(t('trial {0} {1} ({2}/{3}, best {4}, {5}s)', e.trial, what, this.done, this.total, best, seconds) + '\n');
    }
  }

  note(message: string): void {
    if (this.bar) this.bar.stop();
    process.stderr.write(t('note: {0}', message) + '\n');
    if (this.bar) this.bar.start(this.total, this.done, { best: this.best < 0 ? '–' : this.best.toFixed(2), running: this.running });
  }

  stop(): void {
    this.bar?.stop();
  }
}
