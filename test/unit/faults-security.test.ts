// The webview's and the workspace's defences, checked without VS Code: the panel's CSP for any
// nonce and any hostile title or URI, the webview message gate against hostile messages, data
// folders that lead out of the workspace (.., absolute, links), and the manifest's trust settings.
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { contentSecurityPolicy, renderPanelHtml } from '../../src/extension/panel-html';
import { parsePanelMessage } from '../../src/extension/logic/panel-messages';
import { dataOutsideWorkspace, isInside } from '../../src/core/data/containment';
import { TRAIN_IMAGES } from '../../src/core/data/load';

const CSP_SOURCE = 'https://*.vscode-cdn.net';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

test('CSP: default-src none, scripts only by nonce, no eval, no inline, no remote origin — for any nonce, title and URIs', () => {
  const nonce = fc.stringMatching(/^[A-Za-z0-9]{16,32}$/);
  const hostile = fc.oneof(fc.string(), fc.constantFrom('"><script>alert(1)</script>', "' 'unsafe-inline'", '</title><script src=https://evil.example/x.js></script>', 'javascript:alert(1)'));
  fc.assert(
    fc.property(nonce, hostile, hostile, (n, title, uri) => {
      const html = renderPanelHtml({ cspSource: CSP_SOURCE, nonce: n, scriptUri: uri, styleUris: [uri], title });
      const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
      assert.equal(metas.length, 1);
      const csp = directives(metas[0]![1]!.replace(/&amp;/g, '&'));
      assert.deepEqual(csp.get('default-src'), ["'none'"]);
      assert.deepEqual(csp.get('script-src'), [`'nonce-${n}'`]);
      for (const [name, values] of csp) {
        for (const v of values) {
          assert.ok(!/unsafe-|^\*$|^https?:$|^http:|^data:$/.test(v) || (name === 'img-src' && v === 'data:'), `${name} ${v}`);
          assert.ok(v.startsWith("'") || v === CSP_SOURCE || v === 'data:', `${name}: remote origin ${v}`);
        }
      }
      // every script element carries the nonce; none is inline, no handler attributes
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.equal(scripts.length, 1, html);
      assert.match(scripts[0]![1]!, new RegExp(` nonce="${n}" src="`));
      assert.equal(scripts[0]![2], '');
      assert.doesNotMatch(html, /<[^>]+\son\w+=/i);
    }),
    { numRuns: 200, seed: 7 },
  );
  assert.throws(() => renderPanelHtml({ cspSource: CSP_SOURCE, nonce: "x' 'unsafe-eval", scriptUri: '', styleUris: [], title: '' }));
  assert.doesNotMatch(contentSecurityPolicy(CSP_SOURCE, 'n0nce'), /unsafe|https?:\/\/(?!\*\.vscode-cdn\.net)/);
});

test('webview messages: hostile ones are ignored, valid ones come out as fresh objects with only their fields', () => {
  const huge = 'x'.repeat(10 * 1024 * 1024);
  const hostile: unknown[] = [
    JSON.parse('{"__proto__": {"type": "ready"}}'),
    JSON.parse('{"type": "select", "__proto__": {"trial": 1}}'),
    JSON.parse('{"type": "setBestN", "n": 5, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
    { type: 'select', trial: huge }, { type: huge }, { type: 'setBestN', n: Array(1e6).fill(1) },
    { type: 'select', trial: 2 ** 53 }, { type: 'select', trial: Infinity }, { type: 'select', trial: { valueOf: () => 1 } },
    { type: 'setBestN', n: '20' }, { type: 'setBestN', n: 1e308 }, { type: 'runSearch', spec: '/etc/passwd' },
    { type: 'export', path: '../../x' }, { type: 'ready ' }, { type: 'READY' }, Object.create(null), new Map([['type', 'ready']]),
  ];
  for (const m of hostile) {
    const parsed = parsePanelMessage(m);
    if (parsed === undefined) continue;
    // what gets through is a valid message built afresh: no field the webview added
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.ok(['ready', 'select', 'setBestN'].includes(parsed.type));
    assert.deepEqual(Object.keys(parsed).sort(), parsed.type === 'ready' ? ['type'] : parsed.type === 'select' ? ['trial', 'type'] : ['n', 'type']);
  }
  for (const m of hostile.slice(3)) assert.equal(parsePanelMessage(m), undefined, String(JSON.stringify(m)).slice(0, 80));
  assert.deepEqual(parsePanelMessage(hostile[2]), { type: 'setBestN', n: 5 });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  fc.assert(
    fc.property(fc.anything(), (m) => {
      const parsed = parsePanelMessage(m);
      if (parsed) assert.ok(['ready', 'select', 'setBestN'].includes(parsed.type));
    }),
    { numRuns: 500, seed: 8 },
  );
});

test('data.source.idx: "..", absolute paths and links that lead out of the workspace are caught; the inside is not', () => {
  const root = tempDir('hpl-contain-');
  const ws = join(root, 'ws');
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(join(ws, 'data'), { recursive: true });
  mkdirSync(join(ws, '..data'));
  mkdirSync(join(ws, 'linked-file'));
  mkdirSync(elsewhere);
  writeFileSync(join(elsewhere, TRAIN_IMAGES), '');
  symlinkSync(elsewhere, join(ws, 'escape'));
  symlinkSync(join(elsewhere, TRAIN_IMAGES), join(ws, 'linked-file', TRAIN_IMAGES));
  symlinkSync(ws, join(root, 'ws-link'));
  symlinkSync(join(ws, 'data'), join(ws, 'inner-link'));
  const spec = join(ws, 'search.json');
  const outside = (idx: string, folders = [ws]) => dataOutsideWorkspace({ idx }, spec, folders);

  assert.equal(dataOutsideWorkspace('mnist', spec, [ws]), undefined);
  assert.equal(outside('data'), undefined);
  assert.equal(outside('./data/../data'), undefined);
  assert.equal(outside('..data'), undefined, 'a name that starts with two dots is still inside');
  assert.equal(outside('inner-link'), undefined, 'a link that stays inside');
  assert.equal(outside('not-yet-there/sub'), undefined);
  assert.equal(outside('data', [join(root, 'ws-link')]), undefined, 'the workspace opened through a link');
  assert.equal(outside('../elsewhere'), elsewhere);
  assert.equal(outside('data/../../elsewhere'), elsewhere);
  assert.equal(outside(elsewhere), elsewhere);
  assert.equal(outside('/'), '/');
  assert.equal(outside('escape'), elsewhere, 'a link to a folder outside');
  assert.equal(outside('linked-file'), join(elsewhere, TRAIN_IMAGES), 'a data file linked from outside');
  assert.equal(outside('data', []), join(ws, 'data'), 'no workspace folder: everything is outside');
  assert.equal(isInside(ws, ws), true);
  assert.equal(isInside(join(ws, 'data'), ws), false);
});

test('manifest: limited support in untrusted workspaces, the settings that choose what runs are restricted', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
  const nls = JSON.parse(readFileSync('package.nls.json', 'utf8'));
  const untrusted = manifest.capabilities.untrustedWorkspaces;
  assert.equal(untrusted.supported, 'limited');
  assert.ok(nls[untrusted.description.replace(/^%|%$/g, '')], 'the description is localised');
  for (const key of ['hparamLab.runsFolder', 'hparamLab.backend', 'hparamLab.workers']) assert.ok(untrusted.restrictedConfigurations.includes(key), key);
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
});
