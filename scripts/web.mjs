// `npm run web`: the extension in a real VS Code in your browser — code-server on loopback with the
// packaged extension, on a copy of examples/book-6.5. Ctrl-C stops it and its whole process group.
// Needs test/e2e/setup.sh once; PORT=8080 picks the port (a free one otherwise).
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from '../test/e2e/harness/code-server.ts';

const example = join(import.meta.dirname, '..', 'examples', 'book-6.5');
if (!existsSync(example)) {
  console.error(`web: ${example} is missing`);
  process.exit(1);
}
const workspace = join(mkdtempSync(join(tmpdir(), 'hparam-lab-web-')), 'book-6.5');
cpSync(example, workspace, { recursive: true });

const server = await startCodeServer(workspace, {}, process.env.PORT ? Number(process.env.PORT) : undefined);
console.log(`web: VS Code with Hyperparameter Lab on a copy of examples/book-6.5 (${workspace})`);
console.log(`web: open ${server.url}`);
console.log('web: Ctrl-C stops it');
// startCodeServer kills the server's process group on SIGINT/SIGTERM and on exit.
const code = await server.exited;
console.error(`web: code-server exited (${code})`);
await server.stop();
process.exit(1);
