// One test file's VS Code: a workspace, code-server with the extension, Chromium on the workbench.
// close() always stops the server's process group and removes the workspace; on failure it keeps a
// screenshot and the extension host's log under test-results/e2e/ first.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_ID, startCodeServer, type CodeServer } from './code-server';
import { RESULTS } from './paths';
import { GiveUp, waitFor } from './wait';
import { openWorkbench, screenshot, type Workbench } from './workbench';
import { makeWorkspace, removeWorkspace } from './workspace';

export interface Session {
  server: CodeServer;
  workbench: Workbench;
  page: Page;
  workspace: string;
  close(failedAs?: string): Promise<void>;
}

export async function openSession(files: Record<string, string | object>, settings: Record<string, unknown> = {}): Promise<Session> {
  const workspace = makeWorkspace(files);
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const close = async (failedAs?: string) => {
    try {
      if (failedAs) {
        mkdirSync(RESULTS, { recursive: true });
        if (workbench) await screenshot(workbench.page, `${failedAs}-failure`).catch(() => undefined);
        if (server) writeFileSync(join(RESULTS, `${failedAs}-exthost.log`), server.extensionLog());
      }
      await workbench?.close().catch(() => undefined);
    } finally {
      await server?.stop();
      removeWorkspace(workspace);
    }
  };
  try {
    server = await startCodeServer(workspace, settings);
    workbench = await openWorkbench(server.url);
    return { server, workbench, page: workbench.page, workspace, close };
  } catch (err) {
    await close('startup');
    throw err;
  }
}

/** Waits until the extension host has activated the extension (read from its log). */
export async function waitForActivation(server: CodeServer, timeoutMs = 60_000): Promise<string> {
  return waitFor(`${EXTENSION_ID} to activate`, () => {
    const log = server.extensionLog();
    if (new RegExp(`Activating extension '?${EXTENSION_ID}'? failed|${EXTENSION_ID}.*activation failed`, 'i').test(log)) {
      throw new GiveUp(`the extension failed to activate:\n${log}`);
    }
    return new RegExp(`_doActivateExtension ${EXTENSION_ID}\\b[^\\n]*`).exec(log)?.[0];
  }, timeoutMs);
}
