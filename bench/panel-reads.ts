// The extension host running the book's search with the results panel open and the Runs tree
// shown (the vscode stub, real worker threads): how often trials.jsonl is read while the run runs,
// and how many updates reach the panel. Prints one JSON line. HPL_EXTENSION_ROOT points it at
// another checkout (bench --baseline). Run by bench/run.ts in a process of its own.
//   node --import tsx bench/panel-reads.ts [--trials N]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLiveHost, until } from '../test/unit/helpers/live-host';
import { Uri } from '../test/unit/helpers/vscode-stub';

export interface PanelReads {
  trials: number;
  seconds: number;
  reads: number;
  updates: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '100' } } });
  const book = JSON.parse(readFileSync(join(__dirname, '..', 'examples', 'book-6.5', 'search.json'), 'utf8'));
  const trials = Number(values.trials);
  const host = await startLiveHost({ ...book, $schema: undefined, search: { ...book.search, trials }, run: { workers: 2, backend: 'wasm' } });
  try {
    const t0 = performance.now();
    await host.commands.get('hparamLab.runSearch')!(Uri.file(host.specPath));
    if (host.contextKeys.get('hparamLab.running') !== true) throw new Error(`the search did not start: ${host.messages.join(' | ')}`);
    host.reads.reset();
    await host.commands.get('hparamLab.openPanel')!();
    host.fromWebview({ type: 'ready' });
    let listed = 0;
    await until('the end of the search', () => {
      listed += host.tree().getChildren().length; // the tree is asked, as VS Code asks a visible view
      return host.contextKeys.get('hparamLab.running') === false;
    }, 3_600_000);
    const result: PanelReads = {
      trials,
      seconds: (performance.now() - t0) / 1000,
      reads: host.reads.count,
      updates: host.posted.filter((m) => m.type === 'update').length,
    };
    if (listed === 0) throw new Error('the tree was never listed');
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    host.dispose();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
