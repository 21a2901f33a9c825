// Rate limits for work that events trigger: diagnostics after typing, tree refreshes while a run streams.

/** Runs `fn(key)` once `ms` after the last call for that key (e.g. per document while typing). */
export class Debouncer<K> {
  private timers = new Map<K, ReturnType<typeof setTimeout>>();

  constructor(private readonly ms: number, private readonly fn: (key: K) => void) {}

  call(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      this.fn(key);
    }, this.ms));
  }

  cancel(key: K): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

/** Runs `fn` at most once per `ms`: the first call at once, later ones folded into one at the end of the window. */
export function throttle(ms: number, fn: () => void): { (): void; dispose(): void } {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  const throttled = () => {
    if (timer) return;
    const wait = last + ms - Date.now();
    if (wait <= 0) run();
    else timer = setTimeout(run, wait);
  };
  throttled.dispose = () => clearTimeout(timer);
  return throttled;
}
