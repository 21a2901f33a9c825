// The gpu backend's order of work. Backend methods return at once, but a WebGPU kernel's first
// call builds asynchronously (device, WGSL compile, pipeline), so every operation is appended to
// one promise chain and runs after all the operations before it, in call order. In steady state
// gpu.js submits synchronously, so the chain costs a microtask or two per operation.
// A failure (a device error, a kernel that cannot build) skips everything after it; it surfaces
// at the next value handed out and at flush(), and never as an unhandled rejection.

export class DeviceQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `op` after every operation queued before it. */
  run(op: () => void | Promise<void>): void {
    this.tail = handled(this.tail.then(op));
  }

  /**
   * Runs `op` in turn and hands out its result, passed through `after` off the chain (a readback
   * of a value that `op` made for it need not hold up the operations behind it). A failure before
   * or in `op`, or in `after`, rejects the result; only one before or in `op` stops the chain.
   */
  value<T, R = T>(op: () => T | Promise<T>, after?: (value: T) => R | Promise<R>): Promise<R> {
    const result = this.tail.then(op);
    this.tail = handled(result.then(ignore));
    return handled(after ? result.then(after) : (result as Promise<unknown> as Promise<R>));
  }

  /** Resolves when everything queued so far has run; rejects with the first failure. */
  flush(): Promise<void> {
    return this.tail;
  }
}

function ignore(): void {}

/** Marks a promise as handled (its rejection reaches whoever awaits it, and no one else). */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(ignore);
  return promise;
}
