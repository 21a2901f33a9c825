// Picks and creates a backend. `auto` means: the faster of a hardware GPU and wasm for the run's
// network, measured (./auto.ts); wasm when no hardware GPU answers.
import type { BackendChoice } from '../../spec/types';
import { packageVersion } from '../../paths';
import { JsBackend } from './js';
import { createWasmBackend } from './wasm';
import { createGpuBackend, probeGpu } from './gpu';
import { chooseBackend, machineName, measureIteration, type CreatedBackend, type NetworkShape } from './auto';
import { fileChoiceCache } from './choice-cache';

export type { CreatedBackend, NetworkShape } from './auto';

/** How long a GPU may take to start and run its measuring trials before `auto` gives up on it. */
const GPU_MEASURE_TIMEOUT_MS = 30_000;

/** `network` is asked for only when `auto` has a hardware GPU to measure against wasm. */
export async function createBackend(choice: BackendChoice, network: () => NetworkShape): Promise<CreatedBackend> {
  switch (choice) {
    case 'js':
      return { backend: new JsBackend() };
    case 'wasm':
      return { backend: await createWasmBackend() };
    case 'gpu':
      return { backend: await createGpuBackend() }; // throws a clear error when no hardware GPU exists
    case 'auto':
      return chooseBackend(network, {
        probe: probeGpu,
        createGpu: createGpuBackend,
        createWasm: createWasmBackend,
        measure: measureIteration,
        cache: fileChoiceCache(),
        gpuTimeoutMs: GPU_MEASURE_TIMEOUT_MS,
        machine: `${machineName()} hparam-lab ${packageVersion()}`,
        now: () => new Date(),
      });
  }
}
