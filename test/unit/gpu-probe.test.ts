// The GPU probe: software adapters are refused, a hung driver times out, and on a machine
// without a hardware GPU (CI) `--backend gpu` rejects with a message saying what to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createGpuBackend, probeGpu } from '../../src/core/train/backends/gpu';
import { classifyAdapter, probeWith, type AdapterFacts } from '../../src/core/train/backends/gpu-probe';

// Adapter info as Dawn reports it for each kind of adapter.
const LLVMPIPE: AdapterFacts = { vendor: 'mesa', architecture: '', device: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' };
const LAVAPIPE: AdapterFacts = { vendor: 'mesa', architecture: '', device: '0x0000', description: 'lavapipe', isFallbackAdapter: true };
const SWIFTSHADER: AdapterFacts = { vendor: 'google', architecture: 'swiftshader', device: '0xc0de', description: 'SwiftShader Device (Subzero)' };
const WARP: AdapterFacts = { vendor: 'microsoft', architecture: '', device: '0x8c', description: 'Microsoft Basic Render Driver' };
const NVIDIA: AdapterFacts = { vendor: 'nvidia', architecture: 'hopper', device: '0x2335', description: 'NVIDIA H200', isFallbackAdapter: false };
const APPLE: AdapterFacts = { vendor: 'apple', architecture: 'metal-3', device: '', description: '' };

describe('classifyAdapter', () => {
  it('refuses software renderers, naming them', () => {
    for (const [facts, renderer] of [[LLVMPIPE, 'llvmpipe'], [LAVAPIPE, 'lavapipe'], [SWIFTSHADER, 'SwiftShader'], [WARP, 'Microsoft Basic Render']] as const) {
      const verdict = classifyAdapter(facts);
      assert.equal(verdict.hardware, false, renderer);
      assert.match(verdict.hardware ? '' : verdict.why, new RegExp(`software adapter \\(${renderer}`, 'i'));
    }
  });

  it('refuses fallback and CPU-type adapters whatever they are called', () => {
    assert.equal(classifyAdapter({ description: 'Some Adapter', isFallbackAdapter: true }).hardware, false);
    assert.equal(classifyAdapter({ description: 'Some Adapter', adapterType: 'CPU' }).hardware, false);
  });

  it('accepts real GPUs and names them, from the description or the other fields', () => {
    assert.deepEqual(classifyAdapter(NVIDIA), { hardware: true, name: 'NVIDIA H200' });
    assert.deepEqual(classifyAdapter({ ...NVIDIA, adapterType: 'discrete GPU' }), { hardware: true, name: 'NVIDIA H200' });
    assert.deepEqual(classifyAdapter(APPLE), { hardware: true, name: 'apple metal-3' });
  });
});

describe('probeWith', () => {
  it('says when no adapter answers, and when only a software one does', async () => {
    assert.match((await probeWith(async () => null, 1000)).reason ?? '', /no WebGPU adapter/);
    const software = await probeWith(async () => LLVMPIPE, 1000);
    assert.equal(software.ok, false);
    assert.equal(software.hardware, false);
    assert.match(software.reason ?? '', /only a software adapter \(llvmpipe\)/);
  });

  it('accepts a hardware GPU, by name', async () => {
    assert.deepEqual(await probeWith(async () => NVIDIA, 1000), { ok: true, adapter: 'NVIDIA H200', hardware: true });
  });

  it('gives up on a driver that never answers, and aborts the search', async () => {
    let aborted = false;
    const probe = await probeWith((signal) => {
      signal.addEventListener('abort', () => (aborted = true));
      return new Promise(() => {});
    }, 30);
    assert.equal(probe.ok, false);
    assert.match(probe.reason ?? '', /no answer from the GPU driver/);
    assert.equal(aborted, true);
  });

  it('passes a loading failure on as the reason instead of throwing', async () => {
    const probe = await probeWith(() => Promise.reject(new Error('the webgpu package is not installed')), 1000);
    assert.deepEqual(probe, { ok: false, reason: 'the webgpu package is not installed' });
  });
});

describe('probeGpu and createGpuBackend on this machine', () => {
  it('probes once, never throws, and gives a reason when it finds no hardware GPU', async () => {
    const first = probeGpu();
    assert.equal(probeGpu(), first);
    const probe = await first;
    assert.equal(probe.ok, probe.hardware === true);
    if (!probe.ok) assert.ok(probe.reason && probe.reason.length > 0);
  });

  it('without a hardware GPU, rejects --backend gpu with a message that says why and what to do', async (t) => {
    const { ok, reason } = await probeGpu();
    if (ok) return t.skip('this machine has a hardware GPU (gpu-webgpu.test.ts runs on it with HPARAM_LAB_WEBGPU_ADAPTER=hardware)');
    await assert.rejects(createGpuBackend(), (error: Error) => {
      assert.match(error.message, /^--backend gpu needs a hardware GPU: /);
      assert.ok(error.message.includes(reason ?? '?'));
      assert.match(error.message, /Use --backend auto or wasm\.$/);
      return true;
    });
  });
});
