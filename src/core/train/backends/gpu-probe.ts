// Is there a hardware GPU that the gpu backend can use? Asks WebGPU (the `webgpu` package,
// Dawn's dawn.node, an optional dependency) for an adapter, in a worker thread that is thrown
// away afterwards: a hung driver cannot hang the caller (the probe gives up after a timeout),
// and dawn.node, which keeps a process alive while its GPU object is referenced, never lingers.
import { spawn } from 'node:child_process';

export interface GpuProbe {
  ok: boolean;
  /** Why the gpu backend cannot run, in words for the user. */
  reason?: string;
  /** The adapter that answered, when one did. */
  adapter?: string;
  /** True when that adapter is real hardware (then `ok`). */
  hardware?: boolean;
}

/** What a WebGPU adapter says about itself (GPUAdapterInfo and isFallbackAdapter). */
export interface AdapterFacts {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
  /** Native adapter type where an implementation reports one (Dawn: 'discrete GPU', 'CPU', …). */
  adapterType?: string;
}

export type AdapterClass = { hardware: true; name: string } | { hardware: false; name: string; why: string };

// Software rasterisers that present themselves as GPUs: Mesa's llvmpipe/softpipe and its Vulkan
// twin lavapipe, Google's SwiftShader, and Windows' WARP ("Microsoft Basic Render Driver").
const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|softpipe|swiftshader|microsoft basic render|\bwarp\b/i;

/** Says whether an adapter is real hardware; software and CPU adapters are refused. */
export function classifyAdapter(facts: AdapterFacts): AdapterClass {
  const fields = [facts.description, facts.vendor, facts.architecture, facts.device];
  const name = facts.description || fields.slice(1).filter(Boolean).join(' ') || 'an unnamed adapter';
  const renderer = fields.map((f) => f?.match(SOFTWARE_RENDERERS)?.[0]).find(Boolean);
  if (renderer) return { hardware: false, name, why: `only a software adapter (${renderer}) was found` };
  if (facts.isFallbackAdapter) return { hardware: false, name, why: `only a fallback (software) adapter (${name}) was found` };
  if (/\bcpu\b/i.test(facts.adapterType ?? '')) return { hardware: false, name, why: `only a CPU adapter (${name}) was found` };
  return { hardware: true, name };
}

/** Finds the preferred adapter's facts, null when there is none; gives up when `signal` aborts. */
export type AdapterFinder = (signal: AbortSignal) => Promise<AdapterFacts | null>;

export const PROBE_TIMEOUT_MS = 5000;

/** The probe's logic, apart from how the adapter is found (tests pass their own finder). */
export async function probeWith(find: AdapterFinder, timeoutMs: number): Promise<GpuProbe> {
  const abort = new AbortController();
  try {
    const facts = await withTimeout(find(abort.signal), timeoutMs, `no answer from the GPU driver within ${timeoutMs / 1000} s`);
    if (!facts) return { ok: false, reason: 'no WebGPU adapter was found (no GPU driver answered)' };
    const adapter = classifyAdapter(facts);
    if (!adapter.hardware) return { ok: false, reason: adapter.why, adapter: adapter.name, hardware: false };
    return { ok: true, adapter: adapter.name, hardware: true };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    abort.abort();
  }
}

/** `work`, or a rejection with `message` after `ms` (a GPU driver can hang; the caller must not). */
export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

let cached: Promise<GpuProbe> | undefined;

/** Probes once per thread; never throws. */
export function probeGpu(): Promise<GpuProbe> {
  cached ??= probeWith(findAdapterInChild, PROBE_TIMEOUT_MS);
  return cached;
}

// The child process's whole job. `webgpu` is an ES module, so it is loaded with import() (Electron's
// Node 20 before 20.19 cannot require() ES modules). A child process, not a thread: Dawn writes
// warnings about drivers it rejects (lavapipe, …) straight to the process's stderr, which only a
// separate process can keep off the user's terminal.
const FIND_ADAPTER = `
const { pathToFileURL } = require('node:url');
(async () => {
  const { create } = await import(pathToFileURL(process.env.HPL_WEBGPU_ENTRY).href);
  const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const info = adapter.info || {};
  return {
    vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description,
    isFallbackAdapter: Boolean(adapter.isFallbackAdapter || info.isFallbackAdapter),
  };
})().then(
  (facts) => process.stdout.write(JSON.stringify({ facts }) + '\\n', () => process.exit(0)),
  (error) => process.stdout.write(JSON.stringify({ error: String((error && error.message) || error).split('\\n')[0] }) + '\\n', () => process.exit(0)),
);
`;

function findAdapterInChild(signal: AbortSignal): Promise<AdapterFacts | null> {
  let entry: string;
  try {
    entry = require.resolve('webgpu');
  } catch {
    return Promise.reject(new Error('the webgpu package is not installed (the universal .vsix has none: the package for your platform has it)'));
  }
  return new Promise((resolve, reject) => {
    // ELECTRON_RUN_AS_NODE: in VS Code's extension host, execPath is Electron's binary
    const child = spawn(process.execPath, ['-e', FIND_ADAPTER], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', HPL_WEBGPU_ENTRY: entry },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Always ended by the caller (probeWith aborts when done): dawn.node could keep it alive.
    signal.addEventListener('abort', () => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.resume(); // Dawn's driver warnings: not the user's business
    child.once('error', (e) => reject(new Error(`the WebGPU probe could not start: ${e.message}`)));
    child.once('exit', (code) => {
      let m: { facts?: AdapterFacts | null; error?: string };
      try {
        m = JSON.parse(out.trim().split('\n').pop() ?? '');
      } catch {
        return reject(new Error(`the WebGPU probe stopped (exit code ${code})`));
      }
      if (m.error !== undefined) reject(new Error(`the webgpu package could not load: ${m.error}`));
      else resolve(m.facts ?? null);
    });
  });
}
