// npm run bench:queue [-- --trials N] [--epochs N] [--workers 1,2,3]
// The book's search (examples/book-6.5) locally with 2 worker threads vs through the queue (BullMQ on a
// redis-server of its own on 127.0.0.1) with 2 worker processes of one thread each: the queue's
// overhead per trial; and the throughput through the queue with 1, 2, 3 workers. Numbers, not assertions.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RedisServer } from '../test/unit/helpers/redis-server';
import { tempDir } from '../test/unit/helpers/temp';

const CLI = resolve(__dirname, '..', 'dist', 'cli.js');
const env = { ...process.env, LANG: 'C' };

function search(specPath: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'run', specPath, '--json', ...args], { encoding: 'utf8', env, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
  return (performance.now() - t0) / 1000;
}

async function workers(url: string, n: number): Promise<ChildProcess[]> {
  const procs = Array.from({ length: n }, () => spawn(process.execPath, [CLI, 'worker', '--queue', url, '--backend', 'wasm'], { env, stdio: ['ignore', 'ignore', 'pipe'] }));
  await Promise.all(procs.map((p) => new Promise<void>((res) => p.stderr!.on('data', (d) => /waiting for trials/.test(String(d)) && res()))));
  return procs;
}

async function main() {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '100' }, epochs: { type: 'string', default: '50' }, workers: { type: 'string', default: '1,2,3' } } });
  const ws = tempDir('hpl-bench-queue-');
  const spec = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'book-6.5', 'search.json'), 'utf8'));
  spec.search.trials = Number(values.trials);
  spec.training = { ...spec.training, epochs: Number(values.epochs) };
  const specPath = join(ws, 'search.json');
  writeFileSync(specPath, JSON.stringify(spec));
  const trials = spec.search.trials;
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; ${trials} trials × ${spec.training.epochs} epochs, wasm\n`);
  const redis = await RedisServer.start();
  try {
    const local = search(specPath, ['--out', join(ws, 'local'), '--workers', '2', '--backend', 'wasm']);
    const rows: [string, number][] = [['local, 2 threads', local]];
    const byWorkers = new Map<number, number>();
    for (const n of values.workers!.split(',').map(Number)) {
      const procs = await workers(redis.url(), n);
      try {
        const s = search(specPath, ['--out', join(ws, `queue-${n}`), '--queue', redis.url()]);
        byWorkers.set(n, s);
        rows.push([`queue, ${n} worker${n === 1 ? '' : 's'}`, s]);
      } finally {
        procs.forEach((p) => p.kill('SIGINT'));
        await Promise.all(procs.map((p) => new Promise((res) => p.once('exit', res))));
      }
    }
    console.log('| how | wall s | trials/s |\n|---|---|---|');
    for (const [how, s] of rows) console.log(`| ${how} | ${s.toFixed(1)} | ${(trials / s).toFixed(2)} |`);
    const q2 = byWorkers.get(2);
    if (q2 !== undefined) console.log(`\nthe queue's overhead per trial (2 workers vs 2 threads): ${(((q2 - local) / trials) * 1000).toFixed(0)} ms`);
  } finally {
    await redis.stop();
  }
}

void main();
