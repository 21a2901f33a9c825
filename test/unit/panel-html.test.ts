import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderPanelHtml } from '../../src/extension/panel-html';

const options = {
  cspSource: 'https://*.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/media/webview.js',
  styleUris: ['https://x/media/panel.css'], title: 'Lab — <book> & "co"',
};

test('panel html: the strict CSP, nothing relaxed', () => {
  const html = renderPanelHtml(options);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
  assert.equal(
    csp,
    "default-src 'none'; script-src 'nonce-abc123'; style-src https://*.vscode-cdn.net 'nonce-abc123'; " +
      "img-src https://*.vscode-cdn.net data:; font-src https://*.vscode-cdn.net",
  );
  assert.doesNotMatch(html, /unsafe-(eval|inline)/);
});

test('panel html: one nonced script, the stylesheets in order, the title escaped', () => {
  const html = renderPanelHtml({ ...options, styleUris: ['a.css', 'b.css'] });
  assert.deepEqual([...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]), [' nonce="abc123" src="https://x/media/webview.js"']);
  assert.deepEqual([...html.matchAll(/<link rel="stylesheet" href="([^"]*)">/g)].map((m) => m[1]), ['a.css', 'b.css']);
  assert.match(html, /<title>Lab — &lt;book&gt; &amp; &quot;co&quot;<\/title>/);
  assert.match(html, /<div id="app"><\/div>/);
});

test('panel html: a nonce that could break out of the attribute is refused', () => {
  assert.throws(() => renderPanelHtml({ ...options, nonce: `a' 'unsafe-eval` }));
});
