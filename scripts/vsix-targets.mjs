// The platform packages: one .vsix per VS Code target that the `webgpu` package (Dawn's dawn.node,
// ~20–40 MB per platform) has a build for, carrying that platform's build only (and its @resvg/resvg-js
// prebuilt, for the report's PNG), and a universal
// .vsix without it for every other platform (linux-armhf, alpine, web…): there `auto` trains on
// wasm and says that no GPU backend is installed. Used by `npm run package`, the e2e harness and
// the package test, so the three cannot disagree on what a package holds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** VS Code target → the folder of node_modules/webgpu/dist it needs (macOS has one universal binary). */
export const GPU_TARGETS = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-universal',
  'darwin-arm64': 'darwin-universal',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
};

/** What a target's package holds of webgpu, beyond .vscodeignore's list: its entry and one platform's binary. */
export function webgpuPatterns(target) {
  const dir = GPU_TARGETS[target];
  if (!dir) throw new Error(`no webgpu build for target ${target}; known: ${Object.keys(GPU_TARGETS).join(', ')}`);
  return ['node_modules/webgpu/package.json', 'node_modules/webgpu/index.js', 'node_modules/webgpu/LICENSE.md', `node_modules/webgpu/dist/${dir}/**`];
}

/** VS Code target → the @resvg/resvg-js prebuilt package (one native binary) the report's PNG needs there.
 * The universal package carries none: there Open Report writes the SVG and says why there is no PNG. */
export const RESVG_TARGETS = {
  'linux-x64': 'linux-x64-gnu',
  'linux-arm64': 'linux-arm64-gnu',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64-msvc',
  'win32-arm64': 'win32-arm64-msvc',
};

/** What a target's package holds of @resvg/resvg-js: its loader and the target's prebuilt binary. */
export function resvgPatterns(target) {
  const prebuilt = RESVG_TARGETS[target];
  if (!prebuilt) throw new Error(`no @resvg/resvg-js prebuilt for target ${target}; known: ${Object.keys(RESVG_TARGETS).join(', ')}`);
  const loader = ['package.json', 'index.js', 'js-binding.js', 'LICENSE'].map((f) => `node_modules/@resvg/resvg-js/${f}`);
  return [...loader, `node_modules/@resvg/resvg-js-${prebuilt}/**`];
}

/** The .vsix file name vsce and the Marketplace use: name-version.vsix, name-target-version.vsix. */
export function vsixName(name, version, target) {
  return target ? `${name}-${target}-${version}.vsix` : `${name}-${version}.vsix`;
}

/** The text of an ignore file for `vsce --ignoreFile`: .vscodeignore, plus the target's webgpu files let back in. */
export function ignoreFileText(target, repo = process.cwd()) {
  const base = readFileSync(join(repo, '.vscodeignore'), 'utf8');
  const extra = target ? [...webgpuPatterns(target), ...resvgPatterns(target)].map((p) => `!${p}`).join('\n') : '';
  return `${base.trimEnd()}\n# the ${target ?? 'universal'} package\n${extra}\n`;
}
