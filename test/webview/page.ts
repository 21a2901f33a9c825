// Serves the panel the way VS Code shows it (renderPanelHtml's page, its strict CSP, the bundle
// built from webview/main.ts) and opens it in headless Chromium with a stand-in for
// acquireVsCodeApi that records what the panel posts. CSP violations, console errors and page
// errors are collected for the tests to assert on.
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { HostToPanel, PanelToHost } from '../../src/panel/contract';
import { renderPanelHtml } from '../../src/extension/panel-html';

export const CHROMIUM = '/usr/bin/chromium';
export const RESULTS = 'test-results/webview';
export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];
const NONCE = 'dGVzdG5vbmNlMTIzNDU2';

/** Theme variables as VS Code sets them on the webview's <html> (a subset of Light+ / Dark+ / HC). */
export const THEMES = {
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'foreground': '#3b3b3b', 'editor-background': '#ffffff', 'descriptionForeground': '#717171', 'focusBorder': '#005fb8',
      'charts-blue': '#1a85ff', 'charts-orange': '#d18616', 'charts-green': '#388a34', 'charts-purple': '#652d90',
      'charts-red': '#e51400', 'charts-yellow': '#bf8803', 'panel-border': '#e5e5e5', 'badge-background': '#cccccc',
      'badge-foreground': '#3b3b3b', 'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#3b3b3b',
      'settings-dropdownBorder': '#cecece', 'editorHoverWidget-background': '#f8f8f8', 'editorHoverWidget-border': '#c8c8c8',
      'font-family': 'system-ui, sans-serif', 'font-size': '13px',
    },
  },
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'foreground': '#cccccc', 'editor-background': '#1f1f1f', 'descriptionForeground': '#9d9d9d', 'focusBorder': '#0078d4',
      'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'charts-red': '#f14c4c', 'charts-yellow': '#cca700', 'panel-border': '#2b2b2b', 'badge-background': '#616161',
      'badge-foreground': '#f8f8f8', 'settings-dropdownBackground': '#313131', 'settings-dropdownForeground': '#cccccc',
      'settings-dropdownBorder': '#3c3c3c', 'editorHoverWidget-background': '#202020', 'editorHoverWidget-border': '#454545',
      'font-family': 'system-ui, sans-serif', 'font-size': '13px',
    },
  },
  'high-contrast': {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'foreground': '#ffffff', 'editor-background': '#000000', 'descriptionForeground': '#ffffff', 'focusBorder': '#f38518',
      'charts-blue': '#3794ff', 'charts-orange': '#d18616', 'charts-green': '#89d185', 'charts-purple': '#b180d7',
      'charts-red': '#f14c4c', 'charts-yellow': '#cca700', 'panel-border': '#6fc3df', 'badge-background': '#000000',
      'badge-foreground': '#ffffff', 'settings-dropdownBackground': '#000000', 'settings-dropdownForeground': '#ffffff',
      'settings-dropdownBorder': '#6fc3df', 'editorHoverWidget-background': '#0c141f', 'editorHoverWidget-border': '#6fc3df',
      'font-family': 'system-ui, sans-serif', 'font-size': '13px',
    },
  },
} as const;
export type ThemeName = keyof typeof THEMES;

/** The parts of the page's global scope the tests touch (the node type-check has no DOM types). */
export interface PanelWindow {
  __posted: PanelToHost[];
  __problems: string[];
  __hplPanel: { views(): Record<string, VegaViewLike | undefined>; recordRedraws(): void; redrawTimes(): number[]; whenIdle(): Promise<void> };
  postMessage(message: unknown, targetOrigin: string): void;
  document: {
    documentElement: { style: { setProperty(name: string, value: string): void } };
    body: { className: string };
    querySelector(selector: string): ({ value: string; dispatchEvent(event: unknown): boolean; getBoundingClientRect(): DOMRectLike } & object) | null;
  };
  Event: new (type: string) => unknown;
  performance: { now(): number };
}
interface DOMRectLike { left: number; top: number; width: number; height: number }
export interface SceneItem {
  x?: number; y?: number; text?: unknown; datum?: Record<string, unknown>; strokeDash?: number[]; strokeOpacity?: number; strokeWidth?: number;
  mark: { marktype: string; name?: string; group?: SceneItem }; items?: SceneMark[];
}
export interface SceneMark { marktype: string; name?: string; items: SceneItem[] }
export interface VegaViewLike {
  data(name: string): Record<string, unknown>[];
  signal(name: string): unknown;
  scenegraph(): { root: SceneMark };
  origin(): [number, number];
  padding(): { left: number; top: number };
  container(): { querySelector(s: string): { getBoundingClientRect(): DOMRectLike } | null } | null;
}

export async function buildBundle(): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  await build({
    entryPoints: ['webview/main.ts'], outfile: join(RESULTS, 'webview.js'), bundle: true, platform: 'browser',
    format: 'iife', target: 'chrome120', minify: true, logLevel: 'warning',
  });
}

function serve(): Promise<Server> {
  const html = renderPanelHtml({
    cspSource: "'self'", nonce: NONCE, scriptUri: '/webview.js', styleUris: ['/media/panel.css'], title: 'Hyperparameter Lab',
  });
  const files: Record<string, [string, string]> = {
    '/webview.js': [join(RESULTS, 'webview.js'), 'text/javascript'],
    '/media/panel.css': ['media/panel.css', 'text/css'],
  };
  const server = createServer((req, res) => {
    if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    if (req.url === '/favicon.ico') return res.writeHead(204).end(); // Chromium asks; a webview would not
    const file = files[req.url ?? ''];
    if (!file) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export interface PanelPage {
  page: Page;
  /** Delivers a message the way the webview host does (a window message event). */
  post(message: HostToPanel): Promise<void>;
  posted(): Promise<PanelToHost[]>;
  /** CSP violations, console errors and uncaught errors seen so far. */
  problems(): Promise<string[]>;
  whenIdle(): Promise<void>;
  setTheme(name: ThemeName): Promise<void>;
}

export class PanelBrowser {
  private constructor(private readonly browser: Browser, private readonly server: Server) {}

  static async start(): Promise<PanelBrowser> {
    await buildBundle();
    const server = await serve();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    return new PanelBrowser(browser, server);
  }

  async open(theme: ThemeName = 'light'): Promise<PanelPage> {
    const page = await this.browser.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleErrors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`));
    // tsx compiles the functions below with esbuild's keepNames, which calls a `__name` helper
    // that the page does not have once Playwright ships them there as source text.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    await page.addInitScript(({ bodyClass, vars }) => {
      const w = globalThis as unknown as PanelWindow & {
        acquireVsCodeApi(): unknown; addEventListener(t: string, f: (e: { violatedDirective: string; blockedURI: string }) => void): void;
      };
      w.__posted = [];
      w.__problems = [];
      let state: unknown;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: PanelToHost) => w.__posted.push(m),
        getState: () => state,
        setState: (s: unknown) => (state = s),
      });
      w.addEventListener('securitypolicyviolation', (e) => w.__problems.push(`CSP: ${e.violatedDirective} ${e.blockedURI}`));
      w.addEventListener('DOMContentLoaded', () => {
        for (const [k, v] of Object.entries(vars)) w.document.documentElement.style.setProperty(`--vscode-${k}`, v);
        w.document.body.className = bodyClass;
      });
    }, THEMES[theme] as unknown as { bodyClass: string; vars: Record<string, string> });
    const url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    await page.goto(url);
    return {
      page,
      post: (message) => page.evaluate((m) => (globalThis as unknown as PanelWindow).postMessage(m, '*'), message as unknown as object),
      posted: () => page.evaluate(() => (globalThis as unknown as PanelWindow).__posted),
      problems: async () => [...consoleErrors, ...(await page.evaluate(() => (globalThis as unknown as PanelWindow).__problems))],
      whenIdle: () => page.evaluate(() => (globalThis as unknown as PanelWindow).__hplPanel.whenIdle()),
      setTheme: (name) =>
        page.evaluate(({ bodyClass, vars }) => {
          const w = globalThis as unknown as PanelWindow;
          for (const [k, v] of Object.entries(vars)) w.document.documentElement.style.setProperty(`--vscode-${k}`, v);
          w.document.body.className = bodyClass;
        }, THEMES[name] as unknown as { bodyClass: string; vars: Record<string, string> }),
    };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
