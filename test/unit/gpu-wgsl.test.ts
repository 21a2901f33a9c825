// The gpu backend's kernel sources also compile for gpu.js's webgpu mode: translated to WGSL and
// validated by Dawn (Tint) on its `null` adapter, which compiles pipelines but runs nothing.
// Skipped where the optional webgpu package cannot load.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as K from '../../src/core/train/backends/gpu-kernels';

/** Every kernel source with its scalar parameters (the rest are arrays). */
function kernelSources(): [string, string, string[]][] {
  const scalars: Record<string, string[]> = {
    axpy: ['a'], scale: ['s'], threshold: ['ratio'], velocity: ['lr', 'momentum'], nesterovStep: ['lr', 'momentum'],
    rmspropH: ['decay', 'rate'], adaptiveStep: ['lr'], adamM: ['rate'], adamV: ['rate'], adamStep: ['lrT'], runningAverage: ['momentum', 'rate'],
  };
  const sources: [string, string][] = Object.entries(K).filter((e): e is [string, string] => typeof e[1] === 'string');
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) sources.push([`gemm ${ta} ${tb}`, K.gemm(ta, tb)]);
  for (const act of ['identity', 'relu', 'sigmoid'] as const) sources.push([`biasAct ${act}`, K.biasAct(act)]);
  for (const [act, source] of Object.entries(K.actBackward)) sources.push([`actBackward ${act}`, source]);
  return sources.map(([name, source]) => [name, source, scalars[name] ?? []]);
}

it('every kernel compiles to valid WGSL for gpu.js webgpu mode', async (t) => {
  let gpu: { createKernel(s: string, o: object): (...a: unknown[]) => Promise<unknown>; destroy(): Promise<void> };
  const global = globalThis as { navigator?: { gpu?: unknown } };
  try {
    const { create } = (await import('webgpu')) as { create: (flags: string[]) => { requestAdapter(): Promise<unknown> } };
    const nullGpu = create(['backend=null']);
    if (!(await nullGpu.requestAdapter())) return t.skip('Dawn has no null adapter here');
    global.navigator = { gpu: nullGpu };
    gpu = new (require('gpu.js').GPU)({ mode: 'webgpu' });
  } catch (error) {
    return t.skip(`webgpu cannot load: ${(error as Error).message}`);
  }
  const constants = { m: 3, n: 4, k: 5, rows: 3, cols: 4, divisor: 3 };
  try {
    for (const [name, source, scalars] of kernelSources()) {
      const params = source.slice(source.indexOf('(') + 1, source.indexOf(')')).split(',').map((p) => p.trim());
      const args = params.map((p) => (scalars.includes(p) ? 0.5 : new Float32Array(64).fill(1)));
      const kernel = gpu.createKernel(source, { output: [12], constants, precision: 'single' });
      await assert.doesNotReject(Promise.resolve(kernel(...args)), name);
    }
  } finally {
    await gpu.destroy();
    delete global.navigator;
  }
});
