// A thread that writes a run's report for the extension host, so Vega (and resvg) stay out of the
// host's bundle. workerData: ReportTask.
import { parentPort, workerData } from 'node:worker_threads';
import { writeReport, type ReportFiles } from '../report/index';
import type { ReportLocale } from '../report/strings';
import type { TaskMessage } from './task-contract';

export interface ReportTask {
  dir: string;
  locale: ReportLocale;
}

const port = parentPort!;
const post = (m: TaskMessage<ReportFiles>) => port.postMessage(m);
const task = workerData as ReportTask;
writeReport(task.dir, { locale: task.locale }).then(
  (result) => post({ type: 'done', result }),
  (e: unknown) => post({ type: 'error', error: e instanceof Error ? e.message : String(e) }),
);
