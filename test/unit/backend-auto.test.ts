// `--backend auto` picks the faster backend for the run's network, not the first that exists:
// the decision with fake probes and timings (GPU faster, slower, within noise, failing, hanging,
// cached), the cache file, and the real measurement — on js, wasm, and the real gpu backend on a
// software adapter presented as hardware (slower than wasm here, so it must not be chosen).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Backend } from '../../src/core/train/backend';
import { chooseBackend, choiceKey, GPU_MARGIN, measureIteration, type AutoDeps, type CachedChoice, type NetworkShape } from '../../src/core/train/backends/auto';
import { choiceCacheFile, fileChoiceCache } from '../../src/core/train/backends/choice-cache';
import { JsBackend } from '../../src/core/train/backends/js';
import { createWasmBackend } from '../../src/core/train/backends/wasm';
import { createWebGpuBackend } from '../../src/core/train/backends/gpu';
import { modelSpec, trainingSpec } from './helpers/train-fixtures';
import { tempDir } from './helpers/temp';

const BOOK: NetworkShape = {
  model: modelSpec({ hiddenSizes: [100, 100, 100, 100, 100, 100] }),
  training: trainingSpec({ batchSize: 100, epochs: 50 }),
  inputSize: 784,
  classes: 10,
};
const SMALL: NetworkShape = { model: modelSpec({ hiddenSizes: [16, 16] }), training: trainingSpec({ batchSize: 10 }), inputSize: 64, classes: 10 };

/** A stand-in backend that records its disposal (the decision never trains on it). */
function fakeBackend(name: 'gpu' | 'wasm', disposed: string[]): Backend {
  return { name, dispose: () => disposed.push(name) } as unknown as Backend;
}

function memoryCache(): AutoDeps['cache'] & { entries: Map<string, CachedChoice> } {
  const entries = new Map<string, CachedChoice>();
  return { entries, get: (k) => entries.get(k), set: (k, c) => void entries.set(k, c) };
}

interface Fakes {
  gpuMs?: number | 'hang' | Error;
  wasmMs?: number;
  createGpu?: 'hang' | Error;
  probe?: Awaited<ReturnType<AutoDeps['probe']>>;
  cache?: AutoDeps['cache'];
}

function deps(f: Fakes) {
  const disposed: string[] = [];
  const measured: string[] = [];
  const never = new Promise<never>(() => {});
  const d: AutoDeps = {
    probe: async () => f.probe ?? { ok: true, hardware: true, adapter: 'NVIDIA H100' },
    createGpu: async () => {
      if (f.createGpu === 'hang') return never;
      if (f.createGpu) throw f.createGpu;
      return fakeBackend('gpu', disposed);
    },
    createWasm: async () => fakeBackend('wasm', disposed),
    measure: async (backend) => {
      measured.push(backend.name);
      const ms = backend.name === 'gpu' ? f.gpuMs ?? 1 : f.wasmMs ?? 1;
      if (ms === 'hang') return never;
      if (ms instanceof Error) throw ms;
      return ms;
    },
    cache: f.cache ?? memoryCache(),
    gpuTimeoutMs: 50,
    machine: 'test-host linux-x64',
    now: () => new Date('2026-12-07T03:00:00Z'),
  };
  return { d, disposed, measured };
}

describe('auto: the decision', () => {
  it('uses a GPU that is faster on this network, and says by how much', async () => {
    const { d, disposed } = deps({ gpuMs: 2, wasmMs: 6.2 });
    const made = await chooseBackend(() => BOOK, d);
    assert.equal(made.backend.name, 'gpu');
    assert.match(made.note ?? '', /^gpu: 3\.1× wasm on this network \(NVIDIA H100; 2\.00 ms against 6\.20 ms per iteration\)$/);
    assert.deepEqual(disposed, ['wasm']);
  });

  it('keeps wasm when the GPU is slower, saying so', async () => {
    const { d, disposed } = deps({ gpuMs: 10, wasmMs: 4 });
    const made = await chooseBackend(() => BOOK, d);
    assert.equal(made.backend.name, 'wasm');
    assert.match(made.note ?? '', /^wasm: the GPU \(NVIDIA H100\) is 0\.40× wasm on this network, not faster/);
    assert.deepEqual(disposed, ['gpu']);
  });

  it('keeps wasm when the GPU is faster only within noise', async () => {
    const { d } = deps({ gpuMs: 4, wasmMs: 4.2 });
    assert.equal((await chooseBackend(() => BOOK, d)).backend.name, 'wasm');
  });

  it('never picks the slower backend, whatever the timings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.double({ min: 0.01, max: 1000, noNaN: true }), fc.double({ min: 0.01, max: 1000, noNaN: true }), async (gpuMs, wasmMs) => {
        const { d } = deps({ gpuMs, wasmMs });
        const made = await chooseBackend(() => BOOK, d);
        assert.equal(made.backend.name, wasmMs >= gpuMs * GPU_MARGIN ? 'gpu' : 'wasm');
        if (made.backend.name === 'gpu') assert.ok(gpuMs < wasmMs);
      }),
    );
  });

  it('falls back to wasm when the GPU fails to start or fails while measured, and does not cache it', async () => {
    for (const f of [{ createGpu: new Error('device lost') }, { gpuMs: new Error('device lost') }]) {
      const cache = memoryCache();
      const { d } = deps({ ...f, cache });
      const made = await chooseBackend(() => BOOK, d);
      assert.equal(made.backend.name, 'wasm');
      assert.equal(made.note, 'wasm: the GPU (NVIDIA H100) failed while being measured: device lost');
      assert.equal(cache.entries.size, 0);
    }
  });

  it('gives up on a GPU that hangs, starting or measured, after its timeout', async () => {
    for (const f of [{ createGpu: 'hang' as const }, { gpuMs: 'hang' as const }]) {
      const { d } = deps(f);
      const made = await chooseBackend(() => BOOK, d);
      assert.equal(made.backend.name, 'wasm');
      assert.match(made.note ?? '', /no answer from the GPU within 0\.05 s/);
    }
  });

  it('measures nothing without a hardware GPU, and does not even ask for the network', async () => {
    const { d, measured } = deps({ probe: { ok: false, reason: 'only a software adapter (llvmpipe) was found' } });
    const made = await chooseBackend(() => assert.fail('the network was asked for'), d);
    assert.equal(made.backend.name, 'wasm');
    assert.equal(made.note, 'wasm: no GPU backend (only a software adapter (llvmpipe) was found)');
    assert.deepEqual(measured, []);
  });

  it('decides from the cache per machine and network: same network at once, another network or GPU measured again', async () => {
    const cache = memoryCache();
    const first = deps({ gpuMs: 1, wasmMs: 5, cache });
    await chooseBackend(() => BOOK, first.d);
    assert.deepEqual(first.measured, ['wasm', 'gpu']);

    const again = deps({ gpuMs: 100, wasmMs: 1, cache }); // timings that would now choose wasm
    const made = await chooseBackend(() => BOOK, again.d);
    assert.deepEqual(again.measured, []);
    assert.equal(made.backend.name, 'gpu');
    assert.match(made.note ?? '', /^gpu: 5\.0× wasm on this network \(NVIDIA H100; measured 2026-12-07\)$/);

    const wider = deps({ gpuMs: 1, wasmMs: 5, cache });
    await chooseBackend(() => ({ ...BOOK, training: { ...BOOK.training, batchSize: 1000 } }), wider.d);
    const otherGpu = deps({ gpuMs: 1, wasmMs: 5, cache, probe: { ok: true, hardware: true, adapter: 'AMD Radeon' } });
    await chooseBackend(() => BOOK, otherGpu.d);
    assert.deepEqual([wider.measured, otherGpu.measured], [['wasm', 'gpu'], ['wasm', 'gpu']]);
    // what does not change the work (the learning rate, the epochs) shares the entry
    assert.equal(choiceKey('m', 'g', BOOK), choiceKey('m', 'g', { ...BOOK, training: { ...BOOK.training, lr: 0.5, epochs: 3 } }));
  });

  it('falls back to wasm when a cached GPU fails to start', async () => {
    const cache = memoryCache();
    await chooseBackend(() => BOOK, deps({ gpuMs: 1, wasmMs: 5, cache }).d);
    const made = await chooseBackend(() => BOOK, deps({ cache, createGpu: new Error('driver gone') }).d);
    assert.equal(made.backend.name, 'wasm');
    assert.equal(made.note, 'wasm: the GPU (NVIDIA H100) failed to start: driver gone');
  });
});

describe('auto: the cache file', () => {
  it('lives under HPARAM_LAB_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache', () => {
    assert.equal(choiceCacheFile({ HPARAM_LAB_CACHE_DIR: '/c', XDG_CACHE_HOME: '/x' }), join('/c', 'backend-choice.json'));
    assert.equal(choiceCacheFile({ XDG_CACHE_HOME: '/x' }), join('/x', 'hparam-lab', 'backend-choice.json'));
    assert.match(choiceCacheFile({}), /[/\\]\.cache[/\\]hparam-lab[/\\]backend-choice\.json$/);
  });

  it('keeps choices across instances, treats a damaged file as empty, and never throws on a read-only folder', () => {
    const dir = tempDir('hpl-auto-cache-');
    const path = join(dir, 'sub', 'backend-choice.json');
    const choice: CachedChoice = { backend: 'gpu', speedup: 3.1, adapter: 'NVIDIA H100', measured: '2026-12-07T03:00:00.000Z' };
    fileChoiceCache(path).set('a', choice);
    fileChoiceCache(path).set('b', { ...choice, backend: 'wasm' });
    assert.deepEqual(fileChoiceCache(path).get('a'), choice);
    assert.equal(fileChoiceCache(path).get('b')?.backend, 'wasm');

    writeFileSync(path, '{"a": {"backend": "tpu"}, "b": ');
    assert.equal(fileChoiceCache(path).get('a'), undefined);
    fileChoiceCache(path).set('a', choice);
    assert.deepEqual(fileChoiceCache(path).get('a'), choice);

    // a folder that cannot be made (a file stands where it should be: refused even to root)
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    assert.doesNotThrow(() => fileChoiceCache(join(blocked, 'inner', 'backend-choice.json')).set('a', choice));
    assert.equal(fileChoiceCache(join(blocked, 'inner', 'backend-choice.json')).get('a'), undefined);
  });
});

describe('auto: the measurement', () => {
  it('times iterations of the network on js and wasm, leaving the backend as it found it', async () => {
    for (const backend of [new JsBackend(), await createWasmBackend()]) {
      const before = backend.mark();
      const ms = await measureIteration(backend, SMALL);
      assert.ok(Number.isFinite(ms) && ms > 0, `${backend.name}: ${ms} ms`);
      assert.equal(backend.mark(), before, `${backend.name} keeps buffers after measuring`);
      backend.dispose();
    }
  });

  it('does not choose the real gpu backend where it is slower than wasm (a software adapter, presented as hardware)', async (t) => {
    const probe = await createWebGpuBackend({ adapter: 'software' }).catch((e: Error) => e);
    if (probe instanceof Error) return t.skip(`no software WebGPU adapter: ${probe.message}`);
    probe.dispose();
    const made = await chooseBackend(() => SMALL, {
      probe: async () => ({ ok: true, hardware: true, adapter: 'llvmpipe, presented as hardware' }),
      createGpu: () => createWebGpuBackend({ adapter: 'software' }),
      createWasm: createWasmBackend,
      measure: measureIteration,
      cache: memoryCache(),
      gpuTimeoutMs: 60_000,
      machine: 'test',
      now: () => new Date(),
    });
    t.diagnostic(made.note ?? '');
    try {
      assert.equal(made.backend.name, 'wasm', made.note);
      assert.match(made.note ?? '', /^wasm: the GPU \(llvmpipe, presented as hardware\) is 0\.\d+× wasm on this network, not faster \(\d+\.\d+ ms against \d+\.\d+ ms per iteration\)$/);
    } finally {
      made.backend.dispose();
    }
  });
});
