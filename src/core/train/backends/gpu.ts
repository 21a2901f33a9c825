// The gpu backend's entry points. gpu.js is loaded only when a gpu backend is built, so the CLI
// and the extension do not pay for it (≈0.2 s) when wasm runs.
import type { GPU } from 'gpu.js';
import type { Backend } from '../backend';
import { GpuJsBackend } from './gpu-backend';
import { probeGpu } from './gpu-probe';

export { GpuJsBackend } from './gpu-backend';
export { classifyAdapter, probeGpu, type AdapterFacts, type GpuProbe } from './gpu-probe';

/** gpu.js modes whose kernels return their results synchronously (webgpu's return Promises). */
export type SyncGpuJsMode = 'cpu' | 'webasm' | 'headlessgl' | 'webgl' | 'webgl2';

/** The gpu backend on a chosen gpu.js mode; `cpu` runs the same kernels as plain JS, for tests. */
export function createGpuJsBackend(options: { mode: SyncGpuJsMode }): GpuJsBackend {
  const { GPU: GpuJs } = require('gpu.js') as { GPU: new (settings: { mode: SyncGpuJsMode }) => GPU };
  return new GpuJsBackend(new GpuJs({ mode: options.mode }));
}

/**
 * The gpu backend on a hardware GPU. Today it always rejects, saying why and what to do: in Node,
 * gpu.js reaches a hardware GPU only through WebGPU, whose kernels are asynchronous, and the
 * Backend interface is synchronous (docs/gpu.md has the proposal that lifts this).
 */
export async function createGpuBackend(): Promise<Backend> {
  const probe = await probeGpu();
  const what = probe.hardware ? 'cannot use the GPU it found' : 'needs a hardware GPU';
  throw new Error(`--backend gpu ${what}: ${probe.reason}. Use --backend auto or wasm.`);
}
