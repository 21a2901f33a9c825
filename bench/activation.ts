// Activation time of the built extension: require('dist/extension.js') + activate() against the
// vscode stand-in of the unit tests, each sample in a fresh child process (a cold module cache, as
// VS Code's extension host has), median of the samples, and the work activate() leaves for the
// next tick (VS Code shows the extension as activated once activate() returns).
// Run after a build: node --import tsx bench/activation.ts [--runs N] [--bundle dist/extension.js]
// (a benchmark, not a test: these machines are shared and noisy)
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, bundle: { type: 'string', default: 'dist/extension.js' }, sample: { type: 'boolean' } } });
const BUNDLE = resolve(values.bundle);

/** One sample, in the child: install the stub, then time require + activate(). */
async function sample(): Promise<void> {
  const { installVscodeStub } = await import('../test/unit/helpers/vscode-stub');
  installVscodeStub();
  const context = { subscriptions: [], extensionUri: { fsPath: resolve('.') }, workspaceState: { get: () => undefined, update: async () => {} } };
  const t0 = performance.now();
  const extension = require(BUNDLE) as { activate: (c: unknown) => void };
  const t1 = performance.now();
  extension.activate(context);
  const t2 = performance.now();
  await new Promise((r) => setImmediate(r)); // what activate() started without awaiting
  const t3 = performance.now();
  process.stdout.write(JSON.stringify({ require: t1 - t0, activate: t2 - t1, firstTick: t3 - t2 }) + '\n');
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function main(): void {
  const samples: Array<{ require: number; activate: number; firstTick: number }> = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--sample', '--bundle', BUNDLE], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    samples.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const total = samples.map((s) => s.require + s.activate);
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(`${BUNDLE}: ${samples.length} cold starts`);
  console.log(`require ${ms(median(samples.map((s) => s.require)))} + activate() ${ms(median(samples.map((s) => s.activate)))} = ${ms(median(total))} (median; min ${ms(Math.min(...total))}, max ${ms(Math.max(...total))})`);
  console.log(`work activate() left for the next tick: ${ms(median(samples.map((s) => s.firstTick)))} (median)`);
}

if (values.sample) void sample();
else main();
