// Add Note… on a run or a trial (from the tree, the palette or the panel's "Note…" buttons), and the
// tree's paging and panel filter: Show more, Clear panel filter.
import * as vscode from 'vscode';
import { noteOf, readNotes, setNote } from '../../core/runs/notes';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { errorText } from '../output';
import { pickRun } from '../pick';
import type { RunsTreeNode } from '../runs-tree';
import { t } from '../l10n';

/** Asks for the note of the run (trial null) or of a trial, prefilled with the current one, and
 * writes notes.json; empty text removes the note. Resolves once written (or cancelled). */
export async function editNote(lab: Lab, dir: string, trial: number | null): Promise<void> {
  const name = lab.tree.run(dir)?.name ?? dir;
  let current: string | undefined;
  try {
    current = noteOf(readNotes(dir), trial);
  } catch (e) {
    void vscode.window.showErrorMessage(t('Cannot edit the note: {0}', errorText(e)));
    return;
  }
  const text = await vscode.window.showInputBox({
    title: trial === null ? t('Note on run "{0}"', name) : t('Note on trial {0} of "{1}"', trial, name),
    value: current ?? '',
    prompt: t('Empty text removes the note.'),
    placeHolder: t('What you noticed about it'),
  });
  if (text === undefined) return;
  try {
    setNote(dir, trial, text);
  } catch (e) {
    void vscode.window.showErrorMessage(t('Could not write the note: {0}', errorText(e)));
    return;
  }
  lab.tree.notesChanged(dir);
  lab.panel.notesChanged(dir);
}

/** A row of one run (a round's row holds several and has no `run`). */
const isNode = (x: unknown): x is Exclude<RunsTreeNode, { kind: 'round' }> => typeof x === 'object' && x !== null && 'kind' in x && 'run' in x;

/** The command's target: a tree row (the argument, else the tree's selection), else a picked run. */
async function noteTarget(lab: Lab, arg: unknown): Promise<{ dir: string; trial: number | null } | undefined> {
  const node = isNode(arg) ? arg : [lab.treeView.selection?.[0]].find(isNode);
  if (node?.kind === 'trial') return { dir: node.run.dir, trial: node.trial.trial };
  if (node) return { dir: node.run.dir, trial: null };
  const run = await pickRun(lab, arg, t('A note on which run?'));
  return run && { dir: run.dir, trial: null };
}

function clearPanelFilter(lab: Lab, arg: unknown): void {
  const dir = typeof arg === 'string' ? arg : isNode(arg) ? arg.run.dir : undefined;
  const dirs = dir ? [dir] : lab.tree.runs().map((r) => r.dir);
  for (const d of dirs) {
    lab.tree.setFilter(d, null);
    lab.panel.clearBrushes(d); // else the panel's brushes stay and no longer match the tree
  }
}

export function registerNotes(lab: Lab): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.editNote, async (arg?: unknown) => {
      const target = await noteTarget(lab, arg);
      if (target) await editNote(lab, target.dir, target.trial);
    }),
    vscode.commands.registerCommand(COMMANDS.showMoreTrials, (dir: unknown) => {
      if (typeof dir === 'string') lab.tree.showMore(dir);
    }),
    vscode.commands.registerCommand(COMMANDS.clearPanelFilter, (arg?: unknown) => clearPanelFilter(lab, arg)),
    lab.panel.onDidChangeFilter(({ dir, trials }) => lab.tree.setFilter(dir, trials)),
    lab.panel.onDidRequestNote(({ dir, trial }) => void editNote(lab, dir, trial)),
  ];
}
