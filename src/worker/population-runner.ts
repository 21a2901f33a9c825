// A worker's trials as populations (run.fuse > 1): the trials the host sends queue here and join
// the running population at its next tick; one of another shape (or data) waits until the running
// population has drained and starts the next. Each trial's events are those an unfused worker posts.
import type { Dataset } from '../core/data/dataset';
import type { SyncBackend } from '../core/train/backend';
import { populationKey, trainPopulation, type PopulationTrial } from '../core/train/population';
import type { TrialHooks, TrialOutcome } from '../core/train/trainer';
import type { TrialMessage } from './contract';

export interface PopulationWorkerParts {
  size: number;
  /** The slot backends (created once, on the first population). */
  backends: () => Promise<SyncBackend[]>;
  data: (task: TrialMessage) => Dataset;
  hooks: (task: TrialMessage) => TrialHooks;
  ended: (task: TrialMessage, outcome: TrialOutcome | { status: 'failed'; error: string; epochs?: number }, seconds: number) => void;
}

/** Trials with the same group can train in one population: the same shape, on the same data. */
export function populationGroup(task: Pick<TrialMessage, 'config' | 'baseDir'>): string {
  return JSON.stringify([populationKey(task.config), task.config.data, task.baseDir]);
}

export class PopulationRunner {
  private readonly queue: TrialMessage[] = [];
  private running = false;

  constructor(private readonly parts: PopulationWorkerParts) {}

  add(task: TrialMessage): void {
    this.queue.push(task);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      const backends = await this.parts.backends();
      while (this.queue.length > 0) {
        const group = populationGroup(this.queue[0]);
        const data = this.parts.data(this.queue[0]);
        const tasks = new Map<PopulationTrial, { task: TrialMessage; t0: number }>();
        await trainPopulation(this.parts.size, data, backends, {
          next: () => {
            const at = this.queue.findIndex((t) => populationGroup(t) === group);
            if (at < 0) return undefined;
            const [task] = this.queue.splice(at, 1);
            const trial = { config: task.config, seed: task.seed, hooks: this.parts.hooks(task) };
            tasks.set(trial, { task, t0: performance.now() });
            return trial;
          },
          ended: (trial, outcome) => {
            const { task, t0 } = tasks.get(trial)!;
            tasks.delete(trial);
            this.parts.ended(task, outcome, (performance.now() - t0) / 1000);
          },
        });
      }
    } catch (e) {
      // the slot backends could not be created: every queued trial fails with the reason
      const error = e instanceof Error ? e.message : String(e);
      for (const task of this.queue.splice(0)) this.parts.ended(task, { status: 'failed', error }, 0);
    } finally {
      this.running = false;
    }
  }
}
