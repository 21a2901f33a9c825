// How many trials a worker fuses into one population: `run.fuse` resolved for the backend that
// really trains, and bounded by memory (each member holds its own copy of the data, weights,
// gradients, optimizer state and activations), with a refusal that says what fits.
import type { BackendName, TrialConfig } from '../spec/types';
import { fuseRefusalMessage, type FuseRefusal } from '../session/fuse-refusal';
import { evaluationChunkRows } from './evaluation';

/**
 * `auto` per backend, from measurements: on wasm (2-core Zen 4, the book's net, 8 trials, one
 * thread) lock-step without batched kernels ran 494 ms a trial against 417 ms unfused — the
 * members' working sets (~1 MB each) no longer share the L2 — so `auto` stays 1 until batched
 * kernels beat it. The gpu backend is asynchronous and trains one trial at a time here.
 */
const AUTO_FUSE: Record<BackendName, number> = { js: 1, wasm: 1, gpu: 1 };

export interface DataShape {
  inputSize: number;
  classes: number;
  trainRows: number;
  valRows: number;
}

/** An upper estimate of one member's bytes: data, params ×4 (value, grad, two optimizer states), activations. */
export function memberBytes(config: TrialConfig, data: DataShape): number {
  const { model, training } = config;
  const rows = data.trainRows + data.valRows;
  const sizes = [data.inputSize, ...model.hiddenSizes, data.classes];
  let params = 0;
  let widths = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    params += sizes[l] * sizes[l + 1] + sizes[l + 1] * (model.batchNorm ? 3 : 1);
    widths += sizes[l + 1];
  }
  const chunk = evaluationChunkRows(rows, Math.max(...sizes));
  const inputs = (rows + training.batchSize + chunk) * data.inputSize;
  const activations = 6 * (training.batchSize + chunk) * widths; // outputs, gradients, masks, saved BatchNorm terms
  const kernelsOwnMemory = 1 << 20;
  return 4 * (inputs + 4 * params + activations) + kernelsOwnMemory;
}

/** The population size asked for on `backend`, before memory bounds it. */
export const wantedFuse = (choice: number | 'auto' | undefined, backend: BackendName): number => (choice === undefined || choice === 'auto' ? AUTO_FUSE[backend] : choice);

export type FuseResult = { fuse: number; note?: string } | { error: string; refusal: FuseRefusal };

/**
 * A worker's share of memory for its population: half of the machine's memory, split among the
 * workers that share it (the other half stays for the host, the data loaders and everything else).
 */
export const workerBudgetBytes = (totalBytes: number, workers: number): number => totalBytes / 2 / Math.max(1, workers);

/** `run.fuse` for `backend`, or why it cannot be: a population that does not fit `budgetBytes`. */
export function resolveFuse(choice: number | 'auto' | undefined, backend: BackendName, bytesPerMember: number, budgetBytes: number): FuseResult {
  const wanted = wantedFuse(choice, backend);
  if (wanted === 1) return { fuse: 1 }; // no population: a trial alone is not bounded here
  if (backend === 'gpu') return { fuse: 1, note: `run.fuse ${wanted}: the gpu backend trains one trial per worker for now; fusion runs on js and wasm` };
  const fits = Math.max(0, Math.floor(budgetBytes / bytesPerMember));
  if (wanted <= fits) return { fuse: wanted };
  const refusal = { wanted, memberBytes: bytesPerMember, budgetBytes, fits };
  return { error: fuseRefusalMessage(refusal), refusal };
}
