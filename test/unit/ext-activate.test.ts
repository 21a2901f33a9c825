import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { COMMANDS, PANEL_VIEW_TYPE, RUNS_VIEW, VIEW_CONTAINER } from '../../src/extension/ids';
import { installVscodeStub } from './helpers/vscode-stub';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const nls = JSON.parse(readFileSync(new URL('../../package.nls.json', import.meta.url), 'utf8')) as Record<string, string>;
const contributedCommands = (manifest.contributes.commands as { command: string }[]).map((c) => c.command);

test('activate() registers exactly the commands the manifest contributes, the tree and the panel serializer', async () => {
  const recorder = installVscodeStub();
  const { activate } = await import('../../src/extension/extension');
  const subscriptions: unknown[] = [];
  activate({ subscriptions, extensionUri: {}, workspaceState: { get: () => undefined, update: async () => {} } } as never);
  assert.deepEqual([...recorder.commands.keys()].sort(), [...contributedCommands].sort());
  assert.deepEqual(recorder.treeViews, [RUNS_VIEW]);
  assert.deepEqual(recorder.serializers, [PANEL_VIEW_TYPE]);
  assert.ok(subscriptions.length > 0);
});

test('the manifest names the ids the code uses, and every %key% has an English string', () => {
  assert.deepEqual([...contributedCommands].sort(), Object.values(COMMANDS).sort());
  assert.equal(manifest.contributes.viewsContainers.activitybar[0].id, VIEW_CONTAINER);
  assert.equal(manifest.contributes.views[VIEW_CONTAINER][0].id, RUNS_VIEW);
  assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${PANEL_VIEW_TYPE}`));
  const menuCommands = Object.values(manifest.contributes.menus as Record<string, { command: string }[]>).flat().map((m) => m.command);
  for (const c of menuCommands) assert.ok(contributedCommands.includes(c), `menu names unknown command ${c}`);
  const keys = [...JSON.stringify(manifest).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
  for (const k of keys) assert.ok(k in nls, `package.nls.json lacks ${k}`);
  for (const k of Object.keys(nls)) assert.ok(keys.includes(k), `package.nls.json has the unused key ${k}`);
});

test('the schema jsonValidation points at is a file the package ships', () => {
  const [validation] = manifest.contributes.jsonValidation as { url: string; fileMatch: string[] }[];
  assert.deepEqual(validation!.fileMatch, ['search.json', '*.search.json']);
  const schema = JSON.parse(readFileSync(new URL(`../../${validation!.url}`, import.meta.url), 'utf8'));
  assert.equal(typeof schema, 'object');
  const ignore = readFileSync(new URL('../../.vscodeignore', import.meta.url), 'utf8').split('\n');
  assert.ok(ignore.includes(`!${validation!.url.replace(/^\.\//, '')}`), '.vscodeignore keeps the schema');
});
