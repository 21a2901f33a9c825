// The extension's settings and the places they resolve to.
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import type { BackendChoice } from '../core/spec/types';
import { SETTINGS } from './ids';

const DEFAULT_RUNS_FOLDER = '.hparam-lab/runs';

function settings(scope?: vscode.Uri) {
  return vscode.workspace.getConfiguration(SETTINGS.section, scope);
}

/** The runs root of a workspace folder: hparamLab.runsFolder, relative to the folder. */
export function runsRoot(folder: vscode.WorkspaceFolder): string {
  const configured = settings(folder.uri).get<string>(SETTINGS.runsFolder)?.trim() || DEFAULT_RUNS_FOLDER;
  return isAbsolute(configured) ? configured : join(folder.uri.fsPath, configured);
}

/** Every workspace folder's runs root, once each. */
export function allRunsRoots(): string[] {
  return [...new Set((vscode.workspace.workspaceFolders ?? []).map(runsRoot))];
}

/** The runs root for a spec file: that of its workspace folder, else beside the spec. */
export function runsRootFor(specUri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(specUri);
  return folder ? runsRoot(folder) : join(vscode.Uri.joinPath(specUri, '..').fsPath, DEFAULT_RUNS_FOLDER);
}

export const narrowMargin = () => settings().get<number>(SETTINGS.narrowMargin, 0.1);
export const bestN = () => settings().get<number>(SETTINGS.bestN, 20);

/** Overrides of the spec's run section; undefined where the setting leaves the spec's value. */
export function runOverrides(scope?: vscode.Uri): { workers?: number; backend?: BackendChoice } {
  const workers = settings(scope).get<number>(SETTINGS.workers, 0);
  const backend = settings(scope).get<string>(SETTINGS.backend, 'spec');
  return {
    workers: workers > 0 ? workers : undefined,
    backend: backend === 'spec' ? undefined : (backend as BackendChoice),
  };
}

/** hparamLab.queue (machine-scoped): the Redis URL trials go through, or undefined for this machine's threads. */
export const queueSetting = (): string | undefined => settings().get<string>(SETTINGS.queue, '').trim() || undefined;
