// npm test: every test/unit and test/webview file through node's test runner (Node 20 takes
// no globs). Files run one after another: two cores, and some tests start worker threads.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dirs = process.argv.slice(2).length ? process.argv.slice(2) : ['test/unit', 'test/webview'];
const files = dirs.flatMap(function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.test\.ts$/.test(e.name) ? [join(dir, e.name)] : []));
}).sort();

const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
