// npm run bench [-- --trials N] [--backends wasm,js] [--workers 1,2] [--no-gemm] [--no-search] [--no-ref]
//                 [--no-panel] [--panel-trials N] [--baseline REV] [--repeat N] [--fuse 8,37] [--no-queue]
// 1. GEMM GFLOP/s per backend on the shapes training uses (one thread, medians after warm-up);
// 2. the book's search: wall time and peak RSS per backend and worker count (and wasm × 2 workers
//    with the trials fused into populations of each --fuse size), beside book_ref.py
//    (the book's experiment in numpy) on the same trials, and the speed ratios;
// 3. the extension host running the search with the panel open: reads of trials.jsonl meanwhile;
// 4. the same search through the queue (bench/queue.ts: a redis-server of its own, 1, 2, 3 workers).
// --baseline REV builds another revision in a temporary worktree and runs its search and panel
// rows beside ours, alternating, so that the two are compared in one sitting; --repeat N runs each
// search row N times (alternating) and keeps the run of median wall time.
// Numbers, not assertions: these machines are shared and noisy.
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { benchGemm, formatGemmTable } from './gemm';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { benchBookRef, benchOurs, bookRefAvailable, formatSearchTable, type SearchRow } from './search';
import { prepareBaseline, type Baseline } from './baseline';
import type { PanelReads } from './panel-reads';
import { haveRedis } from '../test/unit/helpers/redis-server';

/** bench/panel-reads.ts in a process of its own, against our checkout or the baseline's. */
function panelReads(trials: number, extensionRoot?: string): PanelReads {
  const env = { ...process.env, ...(extensionRoot ? { HPL_EXTENSION_ROOT: extensionRoot } : {}) };
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'panel-reads.ts'), '--trials', String(trials)], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`panel-reads failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as PanelReads;
}

async function main() {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '100' },
      backends: { type: 'string', default: 'wasm' },
      workers: { type: 'string', default: '1,2' },
      'no-gemm': { type: 'boolean', default: false },
      'no-search': { type: 'boolean', default: false },
      'no-ref': { type: 'boolean', default: false },
      'no-panel': { type: 'boolean', default: false },
      'panel-trials': { type: 'string' },
      baseline: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      fuse: { type: 'string', default: '8' },
      'no-queue': { type: 'boolean', default: false },
    },
  });
  const trials = Number(values.trials);
  const baseline: Baseline | undefined = values.baseline ? prepareBaseline(values.baseline) : undefined;
  try {
    await benchAll(values, trials, baseline);
  } finally {
    baseline?.remove();
  }
}

async function benchAll(values: Record<string, string | boolean | undefined>, trials: number, baseline: Baseline | undefined) {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}\n`);
  if (!values['no-gemm']) {
    console.log('GEMM, GFLOP/s (one thread, median after warm-up)');
    console.log(formatGemmTable(await benchGemm()) + '\n');
  }
  if (!values['no-panel']) {
    const n = Number(values['panel-trials'] ?? trials);
    console.log(`The extension host running the book's search (${n} trials, 2 workers, wasm) with the panel open and the tree listed`);
    const rows: [string, PanelReads][] = [];
    if (baseline) rows.push([`baseline ${baseline.rev}`, panelReads(n, baseline.root)]);
    rows.push(['this checkout', panelReads(n)]);
    for (const [who, r] of rows) console.log(`${who.padEnd(18)} trials.jsonl reads during the run: ${r.reads}  (${r.updates} panel updates, ${r.seconds.toFixed(1)} s)`);
    console.log('');
  }
  if (!values['no-search']) benchSearch(values, trials, baseline);
  if (!values['no-queue']) benchQueue(trials);
}

/** bench/queue.ts in a process of its own; it prints its own table. */
function benchQueue(trials: number) {
  if (!haveRedis()) return console.log('\nThe queue: skipped, redis-server is not installed (apt-get install redis-server)');
  console.log(`\nThe book's search through the queue (BullMQ on a redis-server of its own on 127.0.0.1)`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'queue.ts'), '--trials', String(trials)], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`bench/queue.ts failed (exit ${r.status})`);
}

function benchSearch(values: Record<string, string | boolean | undefined>, trials: number, baseline: Baseline | undefined) {
  const runs: SearchRow[][] = [];
  const measure = (row: () => SearchRow, at: number) => {
    const r = row();
    (runs[at] ??= []).push(r);
    console.error(`… ${r.engine} × ${r.workers}: ${r.seconds.toFixed(1)}s wall, ${r.cpuSeconds.toFixed(1)}s CPU`);
  };
  for (let round = 0; round < Number(values.repeat); round++) {
    let at = 0;
    for (const backend of String(values.backends).split(',')) {
      for (const w of String(values.workers).split(',').map(Number)) {
        if (baseline) measure(() => benchOurs(backend, w, trials, baseline.root, ` (${baseline.rev})`), at++);
        measure(() => benchOurs(backend, w, trials), at++);
      }
    }
    for (const fuse of String(values.fuse).split(',').map(Number).filter((k) => k > 1)) measure(() => benchOurs('wasm', 2, trials, undefined, '', fuse), at++);
  }
  const rows: SearchRow[] = runs.map((all) => [...all].sort((a, b) => a.seconds - b.seconds)[(all.length - 1) >> 1]!);
  if (!values['no-ref'] && bookRefAvailable()) {
    for (const asBook of [true, false]) {
      rows.push(benchBookRef(asBook, trials));
      console.error(`… ${rows.at(-1)!.engine}: ${rows.at(-1)!.seconds.toFixed(1)}s`);
    }
  }
  console.log(`The book's §6.5 search (${trials} trials × 50 epochs, 500 MNIST images)`);
  console.log(formatSearchTable(rows));
  const asBook = rows.find((r) => r.engine.includes('--as-book'));
  const lean = rows.find((r) => r.engine.includes('lean'));
  if (baseline) {
    for (const r of rows.filter((x) => x.engine.startsWith('hparam-lab') && !x.engine.includes('('))) {
      const old = rows.find((x) => x.engine === `${r.engine} (${baseline.rev})` && x.workers === r.workers);
      if (old) console.log(`${r.engine}, ${r.workers} worker(s): ${(old.seconds / r.seconds).toFixed(2)}× the speed of ${baseline.rev}`);
    }
  }
  for (const r of rows.filter((x) => x.engine.startsWith('hparam-lab'))) {
    const ratios = [asBook && `${(asBook.seconds / r.seconds).toFixed(2)}× faster than book_ref --as-book`, lean && `${(lean.seconds / r.seconds).toFixed(2)}× than the lean numpy port`].filter(Boolean);
    if (ratios.length) console.log(`${r.engine}, ${r.workers} worker(s): ${ratios.join(', ')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
