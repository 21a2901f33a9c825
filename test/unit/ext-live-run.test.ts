// While a search runs in this window, the panel and the tree show it from the session's state:
// the host reads no trials.jsonl for them (real worker threads, the real MNIST, the vscode stub).
// After the run (or a reload) they rebuild from the disk as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRun } from '../../src/core/runs/store';
import { trialList } from '../../src/core/runs/state';
import type { TrialRecord } from '../../src/core/runs/events';
import { PanelStore } from '../../webview/store';
import { parseHostMessage } from '../../webview/validate';
import { startLiveHost, until } from './helpers/live-host';
import { Uri } from './helpers/vscode-stub';

const workerBuilt = existsSync(join(__dirname, '..', '..', 'dist', 'worker.js'));

const SPEC = {
  name: 'live',
  data: { source: 'mnist', trainSize: 200, validationRate: 0.2, seed: 1 },
  model: { hiddenSizes: [20] },
  training: { epochs: 5, batchSize: 50 },
  search: { method: 'random', trials: 16, seed: 1, params: { 'training.lr': { log10: [-3, -1] } } },
  run: { workers: 2, backend: 'js' },
};

test('the panel and the tree follow a running search without reading trials.jsonl', { skip: !workerBuilt && 'needs dist/worker.js (npm run build)' }, async () => {
  const host = await startLiveHost(SPEC);
  try {
    await host.commands.get('hparamLab.runSearch')!(Uri.file(host.specPath));
    assert.equal(host.contextKeys.get('hparamLab.running'), true, host.messages.join('\n'));
    host.reads.reset();
    await host.commands.get('hparamLab.openPanel')!();
    host.fromWebview({ type: 'ready' });
    const init = host.posted.find((m) => m.type === 'init') as { run: { dir: string; trialsTotal: number } } | undefined;
    assert.ok(init, 'the panel got its init');
    assert.equal(init.run.trialsTotal, 16);
    const treeShowed = new Set<string>();
    await until('the end of the run', () => {
      treeShowed.add(host.tree().getChildren()[0]?.run.status ?? 'nothing'); // as VS Code asks a visible view
      return host.contextKeys.get('hparamLab.running') === false;
    });
    assert.ok(treeShowed.has('running'), `the tree showed the live run: ${[...treeShowed]}`);
    assert.ok(host.posted.filter((m) => m.type === 'update').length >= 3, 'updates streamed');
    assert.equal(host.reads.count, 0, 'no trials.jsonl read while the run ran');

    // the panel's init and updates, as the webview applies them, give what the disk holds
    const store = new PanelStore();
    for (const m of host.posted) {
      const msg = parseHostMessage(m);
      if (msg?.type === 'init') store.init(msg);
      if (msg?.type === 'update') store.update(msg);
    }
    const disk = readRun(init.run.dir);
    assert.equal(disk.status, 'completed');
    const shape = (trials: TrialRecord[]) => trials.map((t) => [t.trial, t.status, t.valAcc, t.curve.map((p) => p.valAcc)]);
    assert.deepEqual(shape(trialList(store.state)), shape(disk.trials));
    assert.ok(host.posted.some((m) => m.type === 'importance'), 'importance from the run\'s summary');

    // after the run the tree reads the disk again (a follower: the whole log once)
    await until('the tree to see the end', () => host.tree().getChildren()[0]?.run.status === 'completed', 5000);
  } finally {
    host.dispose();
  }
});
