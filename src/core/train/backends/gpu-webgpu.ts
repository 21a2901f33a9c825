// WebGPU for gpu.js in the calling thread. gpu.js's webgpu mode asks `navigator.gpu` for an
// adapter, so this sets `navigator.gpu` (from the `webgpu` package, Dawn's dawn.node) to answer
// with the adapter found and checked here: a hardware GPU, or — for tests on machines without
// one — Dawn's OpenGL backend on Mesa's llvmpipe through EGL without a display.
import { classifyAdapter, type AdapterFacts } from './gpu-probe';

export type AdapterKind = 'hardware' | 'software';

interface Adapter {
  readonly info?: AdapterFacts;
  readonly isFallbackAdapter?: boolean;
  readonly limits: Record<string, number>;
  requestDevice(descriptor?: { requiredLimits?: Record<string, number> }): Promise<unknown>;
}

interface WebGpuInstance {
  requestAdapter(options?: object): Promise<Adapter | null>;
}

interface WebGpuModule {
  create(flags: string[]): WebGpuInstance;
}

/** An adapter and the instance it came from, which must stay reachable while the adapter is used. */
interface Found {
  instance: WebGpuInstance;
  adapter: Adapter;
}

/** What a software adapter needs here; say it when none answers. */
export const SOFTWARE_ADAPTER_PACKAGES = 'libegl1 libgl1-mesa-dri (Debian)';

let users = 0;

/**
 * Points `navigator.gpu` at an adapter of this kind (the first caller in a thread chooses; later
 * ones share it, as gpu.js shares one device). Returns the release: true once the last user is gone.
 */
export async function webGpuAdapter(kind: AdapterKind): Promise<() => boolean> {
  if (users === 0) install(await findAdapter(kind));
  users++;
  let released = false;
  return () => {
    if (released) return false;
    released = true;
    if (--users > 0) return false;
    uninstall();
    return true;
  };
}

async function findAdapter(kind: AdapterKind): Promise<Found> {
  const webgpu = (await import('webgpu')) as WebGpuModule;
  if (kind === 'software') {
    process.env.EGL_PLATFORM ??= 'surfaceless'; // Mesa's EGL without an X or Wayland display
    const instance = webgpu.create(['backend=opengl']);
    const adapter = await instance.requestAdapter({ featureLevel: 'compatibility' });
    if (!adapter) throw new Error(`no software WebGPU adapter (Dawn on OpenGL needs ${SOFTWARE_ADAPTER_PACKAGES})`);
    return { instance, adapter };
  }
  const instance = webgpu.create([]);
  const adapter = await instance.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter was found (no GPU driver answered)');
  const verdict = classifyAdapter({ ...adapter.info, isFallbackAdapter: Boolean(adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter) });
  if (!verdict.hardware) throw new Error(verdict.why);
  return { instance, adapter };
}

type Navigator = { gpu?: unknown };

function install({ instance, adapter }: Found): void {
  // gpu.js asks for its device with the default limits but for buffer sizes; a kernel binds up to
  // 6 storage buffers (bnInference), more than compatibility mode's default allows.
  const withLimits = {
    limits: adapter.limits,
    requestDevice: (descriptor: { requiredLimits?: Record<string, number> } = {}) =>
      adapter.requestDevice({
        ...descriptor,
        requiredLimits: { ...descriptor.requiredLimits, maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage },
      }),
  };
  const gpu = { instance, requestAdapter: async () => withLimits, getPreferredCanvasFormat: () => 'rgba8unorm' };
  const global = globalThis as { navigator?: Navigator };
  if (!global.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(global.navigator, 'gpu', { value: gpu, configurable: true, writable: true });
}

/** Drops every reference to dawn.node's objects: it keeps a thread alive while they are reachable. */
function uninstall(): void {
  const global = globalThis as { navigator?: Navigator };
  if (global.navigator) delete global.navigator.gpu;
}
