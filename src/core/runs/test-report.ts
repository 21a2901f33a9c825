// A run's test.json: test accuracy of its kept weights (written by ./test-scores.ts), for the views.
// Kept apart from the scoring so that the extension host reads it without the training code.
// Reporting only: ranking, TPE and narrowing never read it (§6.5.1).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendName } from '../spec/types';

export const TEST_FILE = 'test.json';

export interface TrialTestScore {
  trial: number;
  /** Rank among the run's trials by val acc (1 = best). */
  rank: number;
  valAcc?: number;
  testAcc: number;
  file: string;
}

export interface TestReport {
  run: string;
  time: string;
  /** Which data: the embedded MNIST's t10k files, or the IDX folder's. */
  data: { source: 'mnist' | 'idx'; dir: string; images: number };
  backend: BackendName;
  trials: TrialTestScore[];
}

/** test.json of a run, when it was scored. */
export function readTestReport(runDir: string): TestReport | undefined {
  try {
    return JSON.parse(readFileSync(join(runDir, TEST_FILE), 'utf8')) as TestReport;
  } catch {
    return undefined;
  }
}
