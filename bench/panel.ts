// npm run bench:panel [-- --trials N] [--seed N] [--only recorded|synthetic]
// The real panel (the webview bundle under its CSP, in headless Chromium) fed two runs the way the
// host feeds it: the recorded book search (bench/fixtures, 100 × 50 epochs on 2 workers) and a
// synthetic 10,000-trial TPE + ASHA search, each streamed as the host's 100 ms batches (one
// `update` per batch, each drawn before the next is posted), then opened finished in a fresh page.
// Per run: every redraw's duration while streaming (median, p95, max), open_ms (the finished run's
// init + importance posted to a fresh page → its redraws done), heap_mb (JS heap after a GC, once
// streamed), and the host's side (bench/panel-host.ts). Progress goes to stderr; the last line of
// stdout is the JSON. Numbers, not assertions: these machines are shared and noisy.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { HostToPanel } from '../src/panel/contract';
import { emptyRunState } from '../src/core/runs/state';
import { runInfo } from '../src/core/runs/store';
import { panelInit, panelStrings } from '../src/extension/logic/panel-messages';
import { untranslated } from '../src/core/translate';
import { PanelBrowser } from '../test/webview/page';
import { hostUpdates, recordedBookRun, syntheticBigRun, writeRunFolder, type BigRun } from '../test/webview/big-run';
import { finishedInit, hostTimings, type HostTimings } from './panel-host';

/** What the bench reaches in the page (the panel's test hooks, webview/main.ts). */
interface BenchWindow {
  __hplPanel: { recordRedraws(): void; redrawTimes(): number[]; whenIdle(): Promise<void>; setRedrawInterval(ms: number): void };
  __updates: unknown[];
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: 'message', listener: () => void, options: { once: boolean }): void;
  performance: { now(): number };
}

export interface PanelBenchRun {
  trials: number;
  updates: number;
  median_ms: number;
  p95_ms: number;
  max_ms: number;
  open_ms: number;
  heap_mb: number;
  host: HostTimings;
}

const log = (s: string) => process.stderr.write(s + '\n');
const round = (ms: number) => Math.round(ms * 10) / 10;

/** The nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Posts the messages one at a time inside the page, each drawn before the next (no round trip per message). */
async function streamInPage(page: Page, messages: HostToPanel[], recordRedraws: boolean): Promise<number[]> {
  await page.evaluate((m) => void ((globalThis as unknown as BenchWindow).__updates = m), messages as unknown as object[]);
  return page.evaluate(async (record) => {
    const w = globalThis as unknown as BenchWindow;
    w.__hplPanel.setRedrawInterval(0);
    if (record) w.__hplPanel.recordRedraws();
    for (const message of w.__updates) {
      // the panel's own listener was added first, so it has handled the message when this one runs
      const handled = new Promise<void>((resolve) => w.addEventListener('message', () => resolve(), { once: true }));
      w.postMessage(message, '*');
      await handled;
      await w.__hplPanel.whenIdle();
    }
    w.__updates = [];
    return record ? w.__hplPanel.redrawTimes() : [];
  }, recordRedraws);
}

/** HPL_BENCH_VIEWS=1: how long each section's Vega view takes to run (all views share View's prototype). */
async function timeViews(page: Page): Promise<void> {
  await page.evaluate(() => {
    type Container = { closest(selector: string): { className: string } | null };
    type RunAsync = (this: { container(): Container | null }) => Promise<unknown>;
    const w = globalThis as unknown as { __hplPanel: { views(): Record<string, object | undefined> }; __viewMs: Record<string, [number, number]> };
    const view = Object.values(w.__hplPanel.views()).find((v) => v !== undefined)!;
    const proto = Object.getPrototypeOf(view) as { runAsync: RunAsync };
    const run = proto.runAsync;
    w.__viewMs = {};
    proto.runAsync = async function (this: { container(): Container | null }) {
      const t0 = performance.now();
      const result = await run.call(this);
      const name = this.container()?.closest('section')?.className ?? '?';
      const [total, max] = w.__viewMs[name] ?? [0, 0];
      const ms = performance.now() - t0;
      w.__viewMs[name] = [Math.round(total + ms), Math.max(max, Math.round(ms))];
      return result;
    };
  });
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20;
}

async function benchRun(browser: PanelBrowser, label: string, run: BigRun): Promise<PanelBenchRun> {
  const trials = run.spec.search.trials;
  const updates = hostUpdates(run.events);
  log(`${label}: ${trials} trials, ${run.events.length} events in ${updates.length} updates`);
  const root = mkdtempSync(join(tmpdir(), 'hpl-bench-panel-'));
  try {
    const dir = join(root, '20250101-000000-book-6.5');
    // Streaming: the init of a run that just started (no trials yet), then its batches.
    const panel = await browser.open('dark');
    const page = panel.page;
    const started = panelInit(runInfo(dir, run.spec, run.meta, emptyRunState(), 0, 'running'), panelStrings(untranslated), 20);
    await streamInPage(page, [started], false);
    const times: number[] = [];
    const chunk = 500;
    // HPL_BENCH_UPDATES=N streams only the first N updates; HPL_BENCH_PROFILE=file.cpuprofile writes
    // Chromium's CPU profile of the streaming (open it in DevTools): for iterating on one cost.
    const streamed = updates.slice(0, Number(process.env.HPL_BENCH_UPDATES) || updates.length);
    const profiler = process.env.HPL_BENCH_PROFILE ? await page.context().newCDPSession(page) : undefined;
    await profiler?.send('Profiler.enable');
    await profiler?.send('Profiler.start');
    if (process.env.HPL_BENCH_VIEWS) await timeViews(page);
    for (let i = 0; i < streamed.length; i += chunk) {
      times.push(...(await streamInPage(page, streamed.slice(i, i + chunk), true)));
      log(`  streamed ${Math.min(streamed.length, i + chunk)}/${streamed.length} updates, p95 so far ${round(percentile(times, 95))} ms`);
    }
    if (profiler) writeFileSync(process.env.HPL_BENCH_PROFILE!, JSON.stringify((await profiler.send('Profiler.stop')).profile));
    await profiler?.detach();
    if (process.env.HPL_BENCH_VIEWS) log(`  drawing by view (ms, total / max): ${JSON.stringify(await page.evaluate(() => (globalThis as unknown as { __viewMs: unknown }).__viewMs))}`);
    const heap_mb = await heapMb(page);
    const problems = [...new Set(await page.evaluate(() => (globalThis as unknown as { __problems: string[] }).__problems))];
    await page.close();

    // Opening: the finished run's init (+ importance) in a fresh page, timed inside the page.
    writeRunFolder(dir, run);
    const { init, importance } = finishedInit(dir);
    const fresh = await browser.open('dark');
    await fresh.page.evaluate((m) => void ((globalThis as unknown as BenchWindow).__updates = m), [init, ...(importance ? [importance] : [])] as unknown as object[]);
    const open_ms = await fresh.page.evaluate(async () => {
      const w = globalThis as unknown as BenchWindow;
      const t0 = w.performance.now();
      for (const message of w.__updates) {
        const handled = new Promise<void>((resolve) => w.addEventListener('message', () => resolve(), { once: true }));
        w.postMessage(message, '*');
        await handled;
      }
      await w.__hplPanel.whenIdle();
      return w.performance.now() - t0;
    });
    problems.push(...(await fresh.problems()));
    await fresh.page.close();
    if (problems.length > 0) log(`  problems in the page: ${problems.slice(0, 5).join(' | ')}`);

    const host = await hostTimings(run);
    const result: PanelBenchRun = {
      trials, updates: streamed.length,
      median_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), max_ms: round(Math.max(...times)),
      open_ms: round(open_ms), heap_mb: round(heap_mb), host,
    };
    log(`  ${JSON.stringify(result)}`);
    return result;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { trials: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, only: { type: 'string' } },
  });
  const recorded = recordedBookRun();
  const browser = await PanelBrowser.start();
  try {
    const runs: PanelBenchRun[] = [];
    if (values.only !== 'synthetic') runs.push(await benchRun(browser, 'recorded book run', recorded));
    if (values.only !== 'recorded') {
      const synthetic = syntheticBigRun(recorded.spec, { trials: Number(values.trials), seed: Number(values.seed) });
      runs.push(await benchRun(browser, 'synthetic TPE + ASHA run', synthetic));
    }
    process.stdout.write(JSON.stringify({ runs }) + '\n');
  } finally {
    await browser.close();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
