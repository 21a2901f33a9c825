// Coalesces redraw requests: however many updates arrive, the views redraw at most once per
// interval (10 per second by default), on an animation frame (none while the panel is hidden),
// and never two redraws at once. Pure: the clock and the frame source are passed in.
export interface Clock {
  now(): number;
  after(ms: number, run: () => void): void;
  frame(run: () => void): void;
}

export class RedrawScheduler {
  private requested = false;
  private armed = false;
  private drawing = false;
  private lastStart = -Infinity;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly redraw: () => Promise<void>,
    private readonly clock: Clock,
    /** Public so that a benchmark can stream a recorded run faster than it ran (the host's 100 ms batches, back to back). */
    public intervalMs = 100,
  ) {}

  request(): void {
    this.requested = true;
    if (!this.armed && !this.drawing) this.arm();
  }

  /** Resolves once no redraw is requested or in progress. */
  whenIdle(): Promise<void> {
    if (!this.requested && !this.drawing) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private arm(): void {
    this.armed = true;
    const wait = Math.max(0, this.lastStart + this.intervalMs - this.clock.now());
    this.clock.after(wait, () => this.clock.frame(() => void this.draw()));
  }

  private async draw(): Promise<void> {
    this.armed = false;
    this.requested = false;
    this.drawing = true;
    this.lastStart = this.clock.now();
    try {
      await this.redraw();
    } finally {
      this.drawing = false;
      if (this.requested) this.arm();
      else for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }
}
