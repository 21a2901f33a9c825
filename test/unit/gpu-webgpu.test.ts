// The gpu backend on gpu.js's webgpu mode, through the shared conformance suite, on a software
// WebGPU adapter (Dawn's OpenGL backend on Mesa's llvmpipe): the kernels as WGSL, their queue,
// device-resident values and readbacks, on a machine without a GPU. Skipped, saying why, where
// no software adapter answers (Debian: apt-get install libegl1 libgl1-mesa-dri).
// HPARAM_LAB_WEBGPU_ADAPTER=hardware runs it on a hardware GPU instead (bench/gpu-device-check.sh).
import { describe, test } from 'node:test';
import { createWebGpuBackend, type AdapterKind } from '../../src/core/train/backends/gpu';
import { runBackendConformance } from './helpers/backend-conformance';

const adapter: AdapterKind = process.env.HPARAM_LAB_WEBGPU_ADAPTER === 'hardware' ? 'hardware' : 'software';
const name = `gpu (gpu.js webgpu, ${adapter} adapter)`;

describe(name, async () => {
  const made = await createWebGpuBackend({ adapter }).catch((error: Error) => error);
  if (made instanceof Error) test(`${name} conformance`, (t) => t.skip(`no ${adapter} WebGPU adapter: ${made.message}`));
  else runBackendConformance(name, () => made);
});
