// The contract of the host's one-off threads (dist/test-set-worker.js, dist/report-worker.js): they
// run work whose libraries stay out of the extension host's bundle (training code, Vega), post
// progress, then one result or the error's message.
export type TaskMessage<R> =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: R }
  | { type: 'error'; error: string };
