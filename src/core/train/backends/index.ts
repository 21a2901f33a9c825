// Picks and creates a backend. `auto` means: a hardware GPU when one answers, else wasm.
import type { BackendChoice } from '../../spec/types';
import type { Backend } from '../backend';
import { JsBackend } from './js';
import { createWasmBackend } from './wasm';
import { createGpuBackend, probeGpu } from './gpu';

export interface CreatedBackend {
  backend: Backend;
  /** Set when `auto` had to fall back, saying why (shown to the user). */
  note?: string;
}

export async function createBackend(choice: BackendChoice): Promise<CreatedBackend> {
  switch (choice) {
    case 'js':
      return { backend: new JsBackend() };
    case 'wasm':
      return { backend: await createWasmBackend() };
    case 'gpu':
      return { backend: await createGpuBackend() }; // throws a clear error when no hardware GPU exists
    case 'auto': {
      const probe = await probeGpu();
      if (!probe.ok) return { backend: await createWasmBackend(), note: `no GPU backend (${probe.reason}); using wasm` };
      try {
        return { backend: await createGpuBackend() };
      } catch (e) {
        // the adapter answered but its device did not: still a search, on the CPU
        return { backend: await createWasmBackend(), note: `the GPU ${probe.adapter ?? ''} failed (${(e as Error).message}); using wasm` };
      }
    }
  }
}
