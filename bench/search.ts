// The book's search, end to end, side by side on this machine: our CLI (per backend and worker
// count) against ../shared/reference/book_ref.py (the book's experiment in numpy) on the same
// trials. Wall time and peak RSS of each whole process.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mnistDir } from '../src/core/data/load';

export interface SearchRow {
  engine: string;
  workers: number;
  trials: number;
  seconds: number;
  maxRssMB: number;
  /** CPU seconds of the whole process, every thread (NaN where not measured). */
  cpuSeconds: number;
  best: number;
  median: number;
}

const ROOT = resolve(__dirname, '..');
const BOOK_SPEC = join(ROOT, 'examples', 'book-6.5', 'search.json');
export const BOOK_REF = resolve(ROOT, '..', 'shared', 'reference', 'book_ref.py');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function rssOf(stderr: string): number {
  const m = /bench-maxrss-kb (\d+)/.exec(stderr);
  return m ? Number(m[1]) / 1024 : NaN;
}

function cpuOf(stderr: string): number {
  const m = /bench-cpu-us (\d+)/.exec(stderr);
  return m ? Number(m[1]) / 1e6 : NaN;
}

/** Our CLI on the book's search; `root` may be another checkout (a --baseline), labelled `label`; `fuse` > 1: trials as populations. */
export function benchOurs(backend: string, workers: number, trials: number, root = ROOT, label = '', fuse = 1): SearchRow {
  const out = mkdtempSync(join(tmpdir(), 'hpl-bench-'));
  const args = ['-r', join(__dirname, 'rss-hook.cjs'), join(root, 'dist', 'cli.js'), 'run', BOOK_SPEC, '--out', out, '--json',
    '--trials', String(trials), '--backend', backend, '--workers', String(workers), ...(fuse > 1 ? ['--fuse', String(fuse)] : [])];
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`hparam-lab failed: ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  const s = JSON.parse(lines[lines.length - 1]) as { trials: { valAcc?: number }[] };
  const vals = s.trials.map((t) => t.valAcc ?? 0);
  return { engine: `hparam-lab ${backend}${fuse > 1 ? ` fuse ${fuse}` : ''}${label}`, workers, trials, seconds, maxRssMB: rssOf(r.stderr), cpuSeconds: cpuOf(r.stderr), best: Math.max(...vals), median: median(vals) };
}

/** book_ref.py with or without --as-book (the book's own discarded work included, or a lean port). */
export function benchBookRef(asBook: boolean, trials: number): SearchRow {
  const out = join(mkdtempSync(join(tmpdir(), 'hpl-ref-')), 'ref.jsonl');
  const argv = ['book_ref.py', '--mnist', mnistDir(), '--trials', String(trials), '--out', out, ...(asBook ? ['--as-book'] : [])];
  // run it in-process under a wrapper that reports ru_maxrss (KB on Linux) on exit
  const wrapper = `import resource, runpy, sys; sys.argv = ${JSON.stringify(argv)}
try:
    runpy.run_path(${JSON.stringify(BOOK_REF)}, run_name='__main__')
finally:
    u = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write('\\nbench-maxrss-kb %d\\nbench-cpu-us %d\\n' % (u.ru_maxrss, (u.ru_utime + u.ru_stime) * 1e6))`;
  const script = join(tmpdir(), `hpl-ref-wrapper-${process.pid}.py`);
  writeFileSync(script, wrapper);
  const env = { ...process.env };
  // measured facts: these settings slow a current numpy; unset both for the benchmark alone
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  // OpenBLAS threads on 100×100 products spin-wait for a core; on this 2-core machine, shared, 3 trials took
  // 104 s with its default threads against 2.6 s with one (same results), so the book's code runs on one thread
  // (its fastest here) unless the caller chose otherwise
  env.OPENBLAS_NUM_THREADS ??= '1';
  env.OMP_NUM_THREADS ??= '1';
  const t0 = performance.now();
  const r = spawnSync('python3', [script], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`book_ref.py failed: ${r.stderr.slice(-2000)}`);
  const s = JSON.parse(r.stdout.trim().split('\n').pop()!) as { best_val: number; median_val: number };
  return { engine: asBook ? 'book_ref.py --as-book' : 'book_ref.py (lean numpy)', workers: 1, trials, seconds, maxRssMB: rssOf(r.stderr), cpuSeconds: cpuOf(r.stderr), best: s.best_val, median: s.median_val };
}

export const bookRefAvailable = () => existsSync(BOOK_REF);

export function formatSearchTable(rows: SearchRow[]): string {
  const head = ['engine', 'workers', 'trials', 'wall s', 's/trial', 'CPU s', 'peak RSS MB', 'best', 'median'];
  const cells = rows.map((r) => [r.engine, String(r.workers), String(r.trials), r.seconds.toFixed(1), (r.seconds / r.trials).toFixed(3),
    Number.isNaN(r.cpuSeconds) ? '–' : r.cpuSeconds.toFixed(1),
    r.maxRssMB.toFixed(0), r.best.toFixed(2), r.median.toFixed(3)]);
  const w = head.map((h, c) => Math.max(h.length, ...cells.map((x) => x[c].length)));
  const line = (x: string[]) => x.map((v, c) => (c === 0 ? v.padEnd(w[c]) : v.padStart(w[c]))).join('  ');
  return [line(head), w.map((n) => '─'.repeat(n)).join('  '), ...cells.map(line)].join('\n');
}
