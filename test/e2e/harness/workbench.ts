// Driving the VS Code workbench in Chromium with playwright-core: the palette, views, the panel's
// webview, notifications. Selectors are those of VS Code 1.139 (see shared/notes/real-vscode.md).
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS, tools } from './paths';
import { waitFor } from './wait';

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export interface Workbench {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(url: string): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: tools().chromium, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await waitForWorkbench(page);
    return { browser, page, close: () => browser.close() };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** The workbench has drawn (after a load or a reload). */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.editor').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs a palette command by its full title ("Hyperparameter Lab: Run search"). Extension commands
 * appear a few seconds after the workbench draws, so: F1, type, wait for the row, Escape, retry. */
export async function runCommand(page: Page, title: string, timeoutMs = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  const row = page.locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) });
  await waitFor(`the palette to offer "${title}"`, async () => {
    if (!(await input.isVisible())) await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`);
    try {
      await row.first().waitFor({ timeout: 3000 });
    } catch {
      await page.keyboard.press('Escape');
      return false;
    }
    await row.first().click();
    return true;
  }, timeoutMs, 500);
}

/** A quick pick the command opened: picks the row whose label starts with `label`. */
export async function pickQuickItem(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** The content of the newest webview panel, two iframes deep. */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** A side-bar view's pane, opened by its "Focus on … View" command. */
export async function showView(page: Page, containerTitle: string, viewTitle: string): Promise<Locator> {
  await runCommand(page, `${containerTitle}: Focus on ${viewTitle} View`);
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: viewTitle }) }).first();
  await pane.waitFor();
  const header = pane.locator('.pane-header').first();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  return pane;
}

/** Text of the notification toasts on screen. */
export async function notifications(page: Page): Promise<string[]> {
  return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
}

export async function screenshot(target: Page | Locator, name: string, dir = RESULTS): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name.endsWith('.png') ? name : `${name}.png`);
  await target.screenshot({ path });
  return path;
}

/** Moves the cursor of the active editor to line:column (1-based) with Go to Line. */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Typing in an editor with no auto-closing, no suggestions while typing and no format on type, so
 * what is typed is what lands in the file. */
export const LITERAL_TYPING: Record<string, unknown> = {
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
};

/** Switches the color theme with the theme picker, as a user would (it writes workbench.colorTheme
 * to the profile's settings.json), and waits until the workbench wears it. */
export async function setColorTheme(page: Page, theme: string, workbenchClass: 'vs' | 'vs-dark'): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  const input = page.locator('.quick-input-widget input.input');
  await input.fill(theme);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escapeRegExp(theme)}`) }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor();
}

export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-toast').first().waitFor({ state: 'detached' });
}

/** A picture of the top of an element, down to the bottom of the last element `until` matches. */
export async function screenshotDownTo(page: Page, area: Locator, until: Locator, path: string): Promise<void> {
  const box = (await area.boundingBox())!;
  const last = (await until.last().boundingBox())!;
  await page.screenshot({ path, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, last.y + last.height - box.y + 12) } });
}

/** Presses a button of the modal dialog on screen. */
export async function pressDialogButton(page: Page, label: string): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  const text = await dialog.innerText();
  await dialog.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click();
  await dialog.waitFor({ state: 'detached' });
  return text;
}

/** Answers the input box on screen. */
export async function answerInputBox(page: Page, value: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(value);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

/** Opens a workspace file in the editor with Quick Open, and waits for its tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
}

/** Saves the active editor until `onDisk` holds: Ctrl+S whenever its tab shows unsaved changes (an
 * edit a command applies lands a moment after its dialog closes). */
export async function saveUntil(page: Page, what: string, onDisk: () => boolean): Promise<void> {
  const dirty = page.locator('.tabs-container .tab.active.dirty');
  await waitFor(what, async () => {
    if (onDisk()) return true;
    if (await dirty.count()) await page.keyboard.press('Control+S');
    return false;
  }, 30_000);
}
