// hparam-lab worker --queue URL [--concurrency N] [--fuse N] [--backend B] [--data FOLDER]…: trains
// the trials coordinators put in the queue, until Ctrl-C (its trials in flight go back to the queue).
// --fuse is the worker's own choice, like its backend: a coordinator's run.fuse applies to local runs.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { BackendChoice } from '../core/spec/types';
import { startRemoteWorker } from '../queue/remote-worker';
import { t } from './l10n';
import { queueUrlArg } from './queue-option';
import { UsageError, type Subcommand } from './subcommands';

const BACKENDS = ['auto', 'js', 'wasm', 'gpu'];

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      fuse: { type: 'string', default: '1' },
      backend: { type: 'string', default: 'auto' },
      data: { type: 'string', multiple: true, default: [] },
    },
  });
  if (positionals.length) throw new UsageError(t('worker takes no SPEC: it trains what the queue gives it'));
  if (!values.queue) throw new UsageError(t('worker needs --queue redis://[user:password@]host:port[/db]'));
  const url = queueUrlArg(values.queue);
  const concurrency = Number(values.concurrency);
  if (!/^\d+$/.test(values.concurrency!) || concurrency < 1 || concurrency > 256) throw new UsageError(t('--concurrency must be a whole number from 1 to 256, not "{0}"', values.concurrency!));
  const fuse = Number(values.fuse);
  if (!/^\d+$/.test(values.fuse!) || fuse < 1 || fuse > 1024) throw new UsageError(t('--fuse must be a whole number from 1 to 1024, not "{0}"', values.fuse!));
  if (!BACKENDS.includes(values.backend!)) throw new UsageError(t('--backend must be one of {0}, not "{1}"', BACKENDS.join(', '), values.backend!));
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const worker = await startRemoteWorker({ url, concurrency, fuse, backend: values.backend as BackendChoice, dataFolders: values.data!.map((d) => resolve(d)), log, t });
  const threads = worker.info.fuse ? t('{0} × {1}, populations of {2}', worker.info.backend, concurrency, worker.info.fuse) : `${worker.info.backend} × ${concurrency}`;
  if (worker.note) log(t('note: {0}', worker.note));
  log(t('worker {0}: {1}, waiting for trials on {2} (Ctrl-C stops; its trials go back to the queue)', worker.info.id, threads, url.shown));
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      log(t('stopping: trials in flight go back to the queue'));
      void worker.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

export const workerCommand: Subcommand = {
  synopsis: 'hparam-lab worker --queue redis://[user:pass@]host:port[/db] [--concurrency N] [--fuse N] [--backend auto|js|wasm|gpu] [--data FOLDER]…',
  explain: () => t('trains trials from a queue shared with `run --queue` on other hosts'),
  main,
};
