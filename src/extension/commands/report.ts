// Open Report: writes <run>/report.html (with best-20.svg/.png beside it) and shows it.
// Shown in a webview, not the browser: Simple Browser cannot load file: URLs, and openExternal on a
// file: URI opens nothing useful when the workspace is remote (code-server, SSH) — the file lies on
// the remote disk. The page needs no script and loads nothing (its own CSP is default-src 'none'),
// so the webview runs with scripts off and no local resource roots.
import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ReportFiles } from '../../report/index';
import { reportLocale } from '../../report/strings';
import type { ReportTask } from '../../worker/report-worker';
import { runTaskThread } from '../task-thread';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { pickRun } from '../pick';
import { errorText } from '../output';
import { t } from '../l10n';

const REPORT_VIEW_TYPE = 'hparamLab.report';

async function openReport(lab: Lab, arg?: unknown): Promise<void> {
  const run = await pickRun(lab, arg, t('Report on which run?'));
  if (!run) return;
  let html: string;
  let beside: string;
  try {
    const files = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: t('Writing the report of "{0}"…', run.name) },
      // in a thread of its own (dist/report-worker.js): Vega stays out of the host's bundle
      () => runTaskThread<ReportFiles>('report-worker.js', { dir: run.dir, locale: reportLocale(vscode.env.language) } satisfies ReportTask),
    );
    html = files.html;
    beside = [files.svg, files.png].filter((f): f is string => f !== undefined).map((f) => basename(f)).join(', ') || '—';
  } catch (e) {
    void vscode.window.showErrorMessage(t('Could not write the report: {0}', errorText(e)));
    return;
  }
  const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, t('Report — {0}', run.name), vscode.ViewColumn.Active, {
    enableScripts: false,
    localResourceRoots: [],
  });
  panel.webview.html = readFileSync(html, 'utf8');
  const reveal = t('Reveal Folder');
  const answer = await vscode.window.showInformationMessage(t('Wrote {0}; beside it: {1}.', vscode.workspace.asRelativePath(html), beside), reveal);
  if (answer === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(dirname(html)));
}

export function registerReport(lab: Lab): vscode.Disposable[] {
  return [vscode.commands.registerCommand(COMMANDS.openReport, (arg?: unknown) => openReport(lab, arg))];
}
