// Export results, Delete run, Copy params, Refresh.
import * as vscode from 'vscode';
import { join } from 'node:path';
import { exportCsv, exportJson } from '../../core/runs/export';
import { emptyNotes, readNotes, type RunNotes } from '../../core/runs/notes';
import { deleteRun } from '../../core/runs/store';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { pickRun } from '../pick';
import { errorText } from '../output';
import { t } from '../l10n';
import { findingsLocale } from '../findings-locale';

async function exportRun(lab: Lab, arg?: unknown): Promise<void> {
  const run = await pickRun(lab, arg, t('Export which run?'));
  if (!run) return;
  const target = await vscode.window.showSaveDialog({
    title: t('Export results of "{0}"', run.name),
    defaultUri: vscode.Uri.file(join(run.dir, 'results.csv')),
    filters: { [t('CSV (one row per trial)')]: ['csv'], [t('JSON (with curves)')]: ['json'] },
  });
  if (!target) return;
  let notes: RunNotes = emptyNotes();
  try {
    notes = readNotes(run.dir);
  } catch (e) {
    void vscode.window.showWarningMessage(t('Exporting without notes: {0}', errorText(e)));
  }
  const text = target.path.toLowerCase().endsWith('.json') ? exportJson(run, notes, findingsLocale()) : exportCsv(run, notes);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const open = t('Open');
  const answer = await vscode.window.showInformationMessage(t('Exported {0} trials to {1}.', run.trials.length, vscode.workspace.asRelativePath(target)), open);
  if (answer === open) await vscode.window.showTextDocument(target);
}

async function deleteRunCommand(lab: Lab, arg?: unknown): Promise<void> {
  const run = await pickRun(lab, arg, t('Delete which run?'));
  if (!run) return;
  if (lab.searches.runningDir === run.dir || run.status === 'running') {
    void vscode.window.showWarningMessage(t('Run "{0}" is still running. Stop it first.', run.name));
    return;
  }
  const del = t('Delete');
  const answer = await vscode.window.showWarningMessage(
    t('Delete run "{0}" and its {1} trials?', run.name, run.trials.length),
    { modal: true, detail: t('{0} is removed from disk. This cannot be undone.', run.dir) },
    del,
  );
  if (answer !== del) return;
  try {
    deleteRun(run.dir);
  } catch (e) {
    void vscode.window.showErrorMessage(t('Could not delete the run: {0}', errorText(e)));
  }
  if (lab.panel.shownDir === run.dir) lab.panel.dispose();
  lab.tree.reload();
}

async function copyParams(arg?: unknown): Promise<void> {
  const params = (arg as { trial?: { params?: unknown } } | undefined)?.trial?.params;
  if (!params) return;
  await vscode.env.clipboard.writeText(JSON.stringify(params, null, 2));
  vscode.window.setStatusBarMessage(t('Params copied'), 3000);
}

export function registerRunFiles(lab: Lab): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.export, (arg?: unknown) => exportRun(lab, arg)),
    vscode.commands.registerCommand(COMMANDS.deleteRun, (arg?: unknown) => deleteRunCommand(lab, arg)),
    vscode.commands.registerCommand(COMMANDS.copyParams, (arg?: unknown) => copyParams(arg)),
    vscode.commands.registerCommand(COMMANDS.refresh, () => lab.tree.reload()),
  ];
}
