// The manifest activates the extension narrowly, and the extension host's bundle leaves the heavy
// libraries to the webview and the workers, so activation stays cheap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { PANEL_VIEW_TYPE } from '../../src/extension/ids';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

test('activation events: a search.json in the workspace and the restored panel, nothing broader', () => {
  assert.deepEqual([...manifest.activationEvents].sort(), [
    'onWebviewPanel:' + PANEL_VIEW_TYPE,
    'workspaceContains:**/*.search.json',
    'workspaceContains:**/search.json',
  ]);
  // VS Code ≥ 1.74 adds onCommand and onView for contributed commands and views by itself
  const [major, minor] = (manifest.engines.vscode as string).replace(/^\^/, '').split('.').map(Number);
  assert.ok(major! > 1 || minor! >= 74, `engines.vscode ${manifest.engines.vscode}`);
});

test("the extension host's bundle holds no chart, UI-component, GPU or terminal libraries", async () => {
  const result = await build({
    entryPoints: ['src/extension/extension.ts'],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'webgpu'],
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const packages = new Set(inputs.flatMap((i) => i.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? []));
  assert.ok(packages.has('jsonc-parser'), 'the metafile names the bundled packages');
  for (const heavy of ['vega', 'vega-lite', 'vega-embed', 'vega-interpreter', '@vscode-elements/elements', 'gpu.js', 'cli-progress', 'assemblyscript']) {
    assert.ok(!packages.has(heavy), `${heavy} is bundled into dist/extension.js`);
  }
  // the host starts the threads (src/worker/pool.ts); what they run stays in the worker bundle
  assert.ok(inputs.includes('src/worker/pool.ts'), 'the host side of the threads is bundled');
  assert.ok(!inputs.some((i) => i === 'src/worker/worker.ts' || i.startsWith('src/core/train/')), 'training code belongs to the worker bundle');
});
