// A copy of the recorded book run (bench/fixtures/book-6.5-100x50: 100 trials × 50 epochs) in a
// temp folder, as a run folder holds it (trials.jsonl unzipped), for the report's tests.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tempDir } from './temp';

export const RECORDED_RUN = join(__dirname, '..', '..', '..', 'bench', 'fixtures', 'book-6.5-100x50');

export function recordedRunCopy(): string {
  const dir = join(tempDir('hpl-report-'), '20261207-070629-book-6.5');
  mkdirSync(dir);
  for (const file of ['spec.json', 'run.json']) copyFileSync(join(RECORDED_RUN, file), join(dir, file));
  writeFileSync(join(dir, 'trials.jsonl'), gunzipSync(readFileSync(join(RECORDED_RUN, 'trials.jsonl.gz'))));
  return dir;
}
