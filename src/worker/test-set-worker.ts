// A thread that scores a run's kept weights on the test set for the extension host, so the
// training code stays out of the host's bundle. workerData: the run folder.
import { parentPort, workerData } from 'node:worker_threads';
import { readRun } from '../core/runs/store';
import { scoreTestSet } from '../core/runs/test-scores';
import type { TestReport } from '../core/runs/test-report';
import type { TaskMessage } from './task-contract';

const port = parentPort!;
const post = (m: TaskMessage<TestReport>) => port.postMessage(m);
scoreTestSet(readRun(workerData as string), undefined, (done, total) => post({ type: 'progress', done, total })).then(
  (result) => post({ type: 'done', result }),
  (e: unknown) => post({ type: 'error', error: e instanceof Error ? e.message : String(e) }),
);
