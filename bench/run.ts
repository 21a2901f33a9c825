// npm run bench [-- --trials N] [--backends wasm,js] [--workers 1,2] [--no-gemm] [--no-search] [--no-ref]
// 1. GEMM GFLOP/s per backend on the shapes training uses (one thread, medians after warm-up);
// 2. the book's search: wall time and peak RSS per backend and worker count, beside book_ref.py
//    (the book's experiment in numpy) on the same trials, and the speed ratios.
// Numbers, not assertions: these machines are shared and noisy.
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { benchGemm, formatGemmTable } from './gemm';
import { benchBookRef, benchOurs, bookRefAvailable, formatSearchTable, type SearchRow } from './search';

async function main() {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '100' },
      backends: { type: 'string', default: 'wasm' },
      workers: { type: 'string', default: '1,2' },
      'no-gemm': { type: 'boolean', default: false },
      'no-search': { type: 'boolean', default: false },
      'no-ref': { type: 'boolean', default: false },
    },
  });
  const trials = Number(values.trials);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}\n`);
  if (!values['no-gemm']) {
    console.log('GEMM, GFLOP/s (one thread, median after warm-up)');
    console.log(formatGemmTable(await benchGemm()) + '\n');
  }
  if (values['no-search']) return;
  const rows: SearchRow[] = [];
  for (const backend of values.backends.split(',')) {
    for (const w of values.workers.split(',').map(Number)) {
      rows.push(benchOurs(backend, w, trials));
      console.error(`… ${rows.at(-1)!.engine} × ${w}: ${rows.at(-1)!.seconds.toFixed(1)}s`);
    }
  }
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
  for (const r of rows.filter((x) => x.engine.startsWith('hparam-lab'))) {
    const ratios = [asBook && `${(asBook.seconds / r.seconds).toFixed(2)}× faster than book_ref --as-book`, lean && `${(lean.seconds / r.seconds).toFixed(2)}× than the lean numpy port`].filter(Boolean);
    if (ratios.length) console.log(`${r.engine}, ${r.workers} worker(s): ${ratios.join(', ')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
