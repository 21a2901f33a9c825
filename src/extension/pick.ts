// Resolving what a command acts on: its argument (a tree node, a run folder, a spec Uri), else the
// active editor, else a quick pick.
import * as vscode from 'vscode';
import type { RunInfo, RunStatus } from '../core/runs/store';
import { SPEC_GLOB } from './ids';
import type { Lab } from './lab';
import { isSpecDocument } from './diagnostics';
import { runDescription } from './logic/tree-model';
import { t } from './l10n';

const SPEC_EXCLUDE = '**/{node_modules,.hparam-lab,.git}/**';

export async function findSpecFiles(max?: number): Promise<vscode.Uri[]> {
  return vscode.workspace.findFiles(SPEC_GLOB, SPEC_EXCLUDE, max);
}

/** The active search.json, or one picked from the workspace's. */
export async function pickSpecFile(arg?: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active && isSpecDocument(active)) return active.uri;
  const files = await findSpecFiles();
  if (files.length === 0) {
    void vscode.window.showInformationMessage(t('This workspace has no search.json. Create one with "Hyperparameter Lab: New search.json".'));
    return undefined;
  }
  if (files.length === 1) return files[0];
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return (await vscode.window.showQuickPick(items, { placeHolder: t('Which search?') }))?.uri;
}

/** The run a tree node, a run folder or a spec Uri (its newest run) names. */
export function runFromArg(lab: Lab, arg: unknown): RunInfo | undefined {
  if (typeof arg === 'string') return lab.tree.run(arg);
  if (arg instanceof vscode.Uri) return lab.tree.runs().find((r) => r.meta.specPath === arg.fsPath);
  if (typeof arg === 'object' && arg !== null && 'run' in arg && (arg as { kind?: unknown }).kind !== undefined) {
    return lab.tree.run((arg as { run: RunInfo }).run.dir);
  }
  return undefined;
}

/** A run from the argument, else from a quick pick of the runs whose status is one of `statuses`. */
export async function pickRun(lab: Lab, arg: unknown, placeHolder: string, statuses?: RunStatus[]): Promise<RunInfo | undefined> {
  const named = runFromArg(lab, arg);
  if (named) return named;
  const runs = lab.tree.runs().filter((r) => !statuses || statuses.includes(r.status));
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(statuses ? t('No run can do that now.') : t('No runs yet.'));
    return undefined;
  }
  const items = runs.map((run) => ({ label: run.name, description: runDescription(run, t), run }));
  return (await vscode.window.showQuickPick(items, { placeHolder }))?.run;
}
