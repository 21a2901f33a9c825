// The gpu backend's entry points. gpu.js is loaded only when a gpu backend is built, so the CLI
// and the extension do not pay for it (≈0.2 s) when wasm runs.
import type { GPU } from 'gpu.js';
import type { Backend } from '../backend';
import { GpuJsBackend } from './gpu-backend';
import { probeGpu } from './gpu-probe';
import { webGpuAdapter, type AdapterKind } from './gpu-webgpu';

export { GpuJsBackend } from './gpu-backend';
export { classifyAdapter, probeGpu, type AdapterFacts, type GpuProbe } from './gpu-probe';
export type { AdapterKind } from './gpu-webgpu';

/** gpu.js modes whose kernels run on the CPU, for tests (`cpu` runs the kernels as plain JS). */
export type SyncGpuJsMode = 'cpu' | 'webasm' | 'headlessgl' | 'webgl' | 'webgl2';

type GpuJsModule = { GPU: new (settings: { mode: string }) => GPU; WebGPUContext: { destroy(): Promise<void> } };

/** The gpu backend on a chosen gpu.js synchronous mode (tests: the same kernels and queue, on the CPU). */
export function createGpuJsBackend(options: { mode: SyncGpuJsMode }): GpuJsBackend {
  const { GPU: GpuJs } = require('gpu.js') as GpuJsModule;
  return new GpuJsBackend(new GpuJs({ mode: options.mode }));
}

/**
 * The gpu backend on WebGPU, in the calling thread (the one that runs the kernels). `hardware`
 * (the default) refuses software adapters; `software` is for tests on machines without a GPU.
 * Rejects, saying why, when no such adapter answers.
 */
export async function createWebGpuBackend(options: { adapter?: AdapterKind } = {}): Promise<GpuJsBackend> {
  const releaseAdapter = await webGpuAdapter(options.adapter ?? 'hardware');
  const gpuJs = require('gpu.js') as GpuJsModule;
  // gpu.js keeps one device per thread (WebGPUContext); it goes with the last backend on it.
  return new GpuJsBackend(new gpuJs.GPU({ mode: 'webgpu' }), async () => {
    if (releaseAdapter()) await gpuJs.WebGPUContext.destroy();
  });
}

/** `--backend gpu`: the webgpu backend on a hardware GPU, or a rejection saying why and what to do. */
export async function createGpuBackend(): Promise<Backend> {
  const probe = await probeGpu();
  if (!probe.ok) throw new Error(`--backend gpu needs a hardware GPU: ${probe.reason}. Use --backend auto or wasm.`);
  try {
    return await createWebGpuBackend();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`--backend gpu cannot use the GPU it found: ${reason}. Use --backend auto or wasm.`);
  }
}
