// The harness itself: code-server serves a real workbench, the palette answers, the packaged
// extension installs and its host activates it on a workspace that holds a search.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession, waitForActivation, type Session } from './harness/session';
import { reducedSpec } from './harness/specs';
import { runCommand, screenshot } from './harness/workbench';

let session: Session;
let failed: string | undefined;

before(async () => {
  session = await openSession({ 'search.json': reducedSpec('harness') });
});
after(async () => session?.close(failed));

test('the packaged extension activates in a real extension host', async (t) => {
  failed = 'harness';
  const line = await waitForActivation(session.server);
  t.diagnostic(line);
  // The palette works: a built-in command runs (the Explorer gets focus and shows the workspace file).
  await runCommand(session.page, 'View: Show Explorer');
  await session.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'search.json' }).waitFor();
  await screenshot(session.page, 'harness');
  assert.ok(line.includes('hparam-lab'));
  failed = undefined;
});
