// The report page (hparam-lab report) in headless Chromium, opened from its file the way a browser
// opens it: its figures are drawn (inline SVG with a size; the Best-20 figure's 40 curves have
// extent), nothing is fetched, the page's CSP is not violated and nothing is logged as an error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { writeReport } from '../../src/report/index';
import { setNote } from '../../src/core/runs/notes';
import { recordedRunCopy } from '../unit/helpers/report-run';
import { CHROMIUM, CHROMIUM_FLAGS } from './page';

const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium) — webview tests skipped`;

/** What the test reads of the page (the node type-check has no DOM types). */
interface Box { width: number; height: number }
type ReportWindow = {
  document: { querySelectorAll(s: string): ArrayLike<{ id?: string; getBoundingClientRect(): Box; querySelectorAll(s: string): ArrayLike<{ getBBox(): Box; getAttribute(n: string): string | null }> }> };
  addEventListener(t: string, f: (e: { violatedDirective: string }) => void): void;
  __problems: string[];
};

let browser: Browser;
before(async () => {
  if (!skip) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
});
after(async () => {
  await browser?.close();
});

test('the report opens with its figures drawn, fetching nothing, with no console error', { skip }, async () => {
  const dir = recordedRunCopy();
  setNote(dir, null, 'the book’s first round');
  const { html } = await writeReport(dir, { locale: 'en' });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const url = pathToFileURL(html).href;
  page.on('request', (r) => { if (r.url() !== url) problems.push(`request: ${r.url()}`); });
  await page.addInitScript(() => {
    const w = globalThis as unknown as ReportWindow;
    w.__problems = [];
    w.addEventListener('securitypolicyviolation', (e) => w.__problems.push(`CSP: ${e.violatedDirective}`));
  });
  await page.goto(url);
  const drawn = await page.evaluate(() => {
    const d = (globalThis as unknown as ReportWindow).document;
    const figures = Array.from(d.querySelectorAll('section figure > svg') as ArrayLike<{ getBoundingClientRect(): Box; querySelectorAll(s: string): ArrayLike<{ getBBox(): Box; getAttribute(n: string): string | null }> }>);
    const sizes = figures.map((svg) => { const r = svg.getBoundingClientRect(); return [r.width, r.height]; });
    const best = d.querySelectorAll('#best-20 figure > svg')[0]!;
    const curves = Array.from(best.querySelectorAll('path[aria-roledescription="line mark"]')).map((p) => {
      const b = p.getBBox();
      return { label: p.getAttribute('aria-label') ?? '', width: b.width, height: b.height };
    });
    const sections = Array.from(d.querySelectorAll('section')).map((s) => s.id ?? '');
    return { sizes, curves, sections, problems: (globalThis as unknown as ReportWindow).__problems };
  });
  assert.deepEqual(drawn.sections, ['notes', 'spec', 'findings', 'best-20', 'scatter', 'importance']);
  assert.equal(drawn.sizes.length, 3, 'Best-20, the scatter and importance');
  for (const [w, h] of drawn.sizes) assert.ok(w > 100 && h > 50, `figure drawn at ${w}×${h}`);
  assert.equal(drawn.curves.length, 40, 'val and train acc of each of the best 20');
  assert.equal(drawn.curves.filter((c) => c.label.includes('kind: train')).length, 20);
  for (const c of drawn.curves) assert.ok(c.width > 0 && c.height > 0, `curve ${c.label} has extent`);
  assert.deepEqual([...problems, ...drawn.problems], []);
  await page.close();
});
