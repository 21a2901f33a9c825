// Builds everything the extension and the CLI load: node bundles (esbuild), the webview bundle,
// and the SIMD kernels (AssemblyScript → wasm). Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { writeValidator } from './validator.mjs';

const production = process.argv.includes('--production');
mkdirSync('dist', { recursive: true });
// before the bundles, which include it
writeValidator();

const nodeEntries = [
  ['src/extension/extension.ts', 'dist/extension.js'],
  ['src/cli/main.ts', 'dist/cli.js'],
  ['src/worker/worker.ts', 'dist/worker.js'],
  ['src/worker/test-set-worker.ts', 'dist/test-set-worker.js'],
  ['src/worker/report-worker.ts', 'dist/report-worker.js'],
].filter(([src]) => existsSync(src));

await Promise.all(
  nodeEntries.map(([entry, outfile]) =>
    build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      // @resvg/resvg-js loads a native binary: required from node_modules at run time (src/report/render.ts).
      external: ['vscode', 'webgpu', '@resvg/resvg-js'],
      // vega-canvas's node build awaits at top level (not bundlable as cjs) to find node-canvas, which
      // is not installed: its browser build does the same here (no canvas; text is measured by estimate).
      alias: { 'vega-canvas': './node_modules/vega-canvas/build/vega-canvas.browser.js' },
      // jsonc-parser's UMD build hides its requires from the bundler; its ESM build bundles cleanly
      mainFields: ['module', 'main'],
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
    }),
  ),
);

if (existsSync('webview/main.ts')) {
  await build({
    entryPoints: ['webview/main.ts'],
    outfile: 'media/webview.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    minify: true,
    sourcemap: !production,
    logLevel: 'warning',
  });
}

if (existsSync('assembly/kernels.ts')) {
  // Two builds of the same kernels: SIMD128 runs everywhere; relaxed SIMD (one FMA per multiply-add)
  // is picked at run time where the engine has it (Node ≥ 22, Electron, Node 20 with its flag).
  for (const [features, out] of [['simd', 'media/kernels.wasm'], ['simd,relaxed-simd', 'media/kernels-relaxed.wasm']]) {
    execFileSync(
      process.execPath,
      [
        'node_modules/assemblyscript/bin/asc.js', 'assembly/kernels.ts',
        '-o', out, '-O3', '--runtime', 'stub', '--enable', features, '--noAssert',
        '--importMemory', '--initialMemory', '1',
      ],
      { stdio: 'inherit' },
    );
  }
}
