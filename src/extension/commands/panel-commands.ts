// Open panel, and the tree → panel link (a trial clicked in the tree is focused in the panel).
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { pickRun, runFromArg } from '../pick';
import type { RunsTree, RunsTreeNode } from '../runs-tree';
import { t } from '../l10n';

async function openPanel(lab: Lab, arg?: unknown): Promise<void> {
  if (arg instanceof vscode.Uri) {
    const run = runFromArg(lab, arg);
    if (run) return lab.panel.show(run.dir);
    const runIt = t('Run search');
    const answer = await vscode.window.showInformationMessage(t('{0} has no results yet.', vscode.workspace.asRelativePath(arg)), runIt);
    if (answer === runIt) await vscode.commands.executeCommand(COMMANDS.runSearch, arg);
    return;
  }
  const dir = runFromArg(lab, arg)?.dir ?? lab.searches.runningDir ?? lab.panel.shownDir ?? (await pickRun(lab, undefined, t('Show which run?')))?.dir;
  if (dir) lab.panel.show(dir);
}

/** The webview selected a trial: reveal it in the tree (without stealing focus from the panel). */
export function revealTrial(tree: RunsTree, view: vscode.TreeView<RunsTreeNode>, dir: string, trial: number): void {
  const node = tree.trialNode(dir, trial);
  if (node && view.visible) void view.reveal(node, { select: true, focus: false });
}

export function registerPanelCommands(lab: Lab): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.openPanel, (arg?: unknown) => openPanel(lab, arg)),
    vscode.commands.registerCommand(COMMANDS.focusTrial, (dir: unknown, trial: unknown) => {
      if (typeof dir === 'string' && Number.isSafeInteger(trial)) lab.panel.show(dir, trial as number);
    }),
  ];
}
