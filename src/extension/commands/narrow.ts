// Narrow ranges from the top K trials: previews old → new per param, then applies ONE undoable
// edit to the search.json that replaces only the bounds that change (comments survive).
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { narrowRanges } from '../../core/search';
import { rankTrials } from '../../core/search/ranking';
import { lastValAcc } from '../../core/search/objective';
import { isFinished } from '../../core/runs/state';
import type { RunInfo } from '../../core/runs/store';
import { roundOf } from '../../core/runs/rounds';
import { narrowMargin } from '../config';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { changedRanges, distributionText, narrowEdits } from '../../core/search/narrow-edit';
import { isSpecDocument } from '../diagnostics';
import { pickRun } from '../pick';
import { t } from '../l10n';

const DEFAULT_K = 10;

/** The run to learn from: the argument's, else the newest run of the active search.json, else a pick. */
async function sourceRun(lab: Lab, arg: unknown): Promise<RunInfo | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  const fromEditor = !arg && active && isSpecDocument(active) ? active.uri : undefined;
  return pickRun(lab, arg ?? fromEditor, t('Narrow the ranges to which run\'s best trials?'));
}

async function askK(finished: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: t('Narrow ranges'),
    prompt: t('How many of the best trials set the new ranges? ({0} finished)', finished),
    value: String(Math.min(DEFAULT_K, finished)),
    validateInput: (v) => (/^\d+$/.test(v.trim()) && +v >= 1 && +v <= finished ? undefined : t('A whole number from 1 to {0}', finished)),
  });
  return text === undefined ? undefined : Number(text.trim());
}

async function narrow(lab: Lab, arg?: unknown): Promise<void> {
  const run = await sourceRun(lab, arg);
  if (!run) return;
  const scored = rankTrials(run.trials).filter((r) => isFinished(r.status) && lastValAcc(r) !== undefined);
  if (scored.length === 0) {
    void vscode.window.showInformationMessage(t('Run "{0}" has no finished trials yet.', run.name));
    return;
  }
  const specUri = arg instanceof vscode.Uri ? arg : run.meta.specPath ? vscode.Uri.file(run.meta.specPath) : undefined;
  if (!specUri || !(await vscode.workspace.fs.stat(specUri).then(() => true, () => false))) {
    void vscode.window.showErrorMessage(t('The search.json of run "{0}" is gone ({1}).', run.name, run.meta.specPath || '?'));
    return;
  }
  const k = await askK(scored.length);
  if (k === undefined) return;
  const changes = changedRanges(narrowRanges(run.spec.search.params, scored.slice(0, k), narrowMargin()));
  if (changes.length === 0) {
    void vscode.window.showInformationMessage(t('The best {0} trials already span the whole ranges: nothing to narrow.', k));
    return;
  }
  const apply = t('Apply');
  const ranges = changes.map((c) => `${c.path}: ${distributionText(c.before)} → ${distributionText(c.after)}`);
  const preview = [...ranges, '', t('The next run of this file is round {0} (search.narrowedFrom: {1}).', roundOf(run) + 1, basename(run.dir))].join('\n');
  const answer = await vscode.window.showInformationMessage(
    t('Narrow {0} range(s) of {1} to the best {2} trials?', changes.length, vscode.workspace.asRelativePath(specUri), k),
    { modal: true, detail: preview },
    apply,
  );
  if (answer !== apply) return;

  const document = await vscode.workspace.openTextDocument(specUri);
  const editor = await vscode.window.showTextDocument(document);
  const { tabSize, insertSpaces } = editor.options;
  const { edits, missing } = narrowEdits(document.getText(), changes, {
    tabSize: typeof tabSize === 'number' ? tabSize : 2,
    insertSpaces: insertSpaces !== false,
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  }, basename(run.dir)); // the next run of this file is the next round of this one
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    edit.replace(specUri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  if (edits.length > 0 && !(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(t('The edit could not be applied to {0}.', vscode.workspace.asRelativePath(specUri)));
    return;
  }
  if (missing.length > 0) {
    void vscode.window.showWarningMessage(t('{0} no longer searches {1}: left as it is.', vscode.workspace.asRelativePath(specUri), missing.join(', ')));
  }
}

export const registerNarrow = (lab: Lab) => [vscode.commands.registerCommand(COMMANDS.narrowRanges, (arg?: unknown) => narrow(lab, arg))];
