// New search.json: copies one of the shipped examples (the book's §6.5 first) into the workspace.
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { COMMANDS } from '../ids';
import type { Lab } from '../lab';
import { withoutSchemaLink } from '../logic/spec-file';
import { t } from '../l10n';

export const BOOK_EXAMPLE = 'book-6.5';

interface Example {
  name: string;
  uri: vscode.Uri;
  detail: string;
}

async function examples(extensionUri: vscode.Uri): Promise<Example[]> {
  const root = vscode.Uri.joinPath(extensionUri, 'examples');
  const entries = await vscode.workspace.fs.readDirectory(root).then(undefined, () => [] as [string, vscode.FileType][]);
  const found: Example[] = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.Directory) continue;
    const uri = vscode.Uri.joinPath(root, name, 'search.json');
    try {
      const spec = parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as {
        search?: { method?: string; trials?: number; params?: Record<string, unknown> };
      };
      const params = Object.keys(spec.search?.params ?? {}).join(', ');
      found.push({ name, uri, detail: t('{0} search, {1} trials: {2}', spec.search?.method ?? 'random', spec.search?.trials ?? '?', params) });
    } catch {
      // a folder without a readable search.json is not an example
    }
  }
  return found.sort((a, b) => (a.name === BOOK_EXAMPLE ? -1 : b.name === BOOK_EXAMPLE ? 1 : a.name.localeCompare(b.name)));
}

async function targetFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: t('Where should the search.json go?') });
}

const exists = (uri: vscode.Uri) => vscode.workspace.fs.stat(uri).then(() => true, () => false);

/** search.json in the folder; when it exists, asks whether to overwrite it or write <example>.search.json. */
async function targetFile(folder: vscode.Uri, example: string): Promise<vscode.Uri | undefined> {
  const plain = vscode.Uri.joinPath(folder, 'search.json');
  if (!(await exists(plain))) return plain;
  const named = vscode.Uri.joinPath(folder, `${example}.search.json`);
  const overwrite = t('Overwrite search.json');
  const aside = t('Create {0}', `${example}.search.json`);
  const choices = (await exists(named)) ? [overwrite] : [overwrite, aside];
  const answer = await vscode.window.showWarningMessage(t('search.json already exists in this folder.'), { modal: true }, ...choices);
  return answer === overwrite ? plain : answer === aside ? named : undefined;
}

export async function newSearch(lab: Lab, exampleName?: unknown): Promise<void> {
  const folder = await targetFolder();
  if (!folder) {
    void vscode.window.showErrorMessage(t('Open a folder first: the search.json and its results live in the workspace.'));
    return;
  }
  const all = await examples(lab.context.extensionUri);
  let example = all.find((e) => e.name === exampleName);
  if (!example) {
    const items = all.map((e) => ({ label: e.name, detail: e.detail, example: e }));
    example = (await vscode.window.showQuickPick(items, { placeHolder: t('Start from which example?') }))?.example;
  }
  if (!example) return;
  const target = await targetFile(folder.uri, example.name);
  if (!target) return;
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(example.uri));
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(withoutSchemaLink(text)));
  await vscode.window.showTextDocument(target);
}

export const registerNewSearch = (lab: Lab) => [vscode.commands.registerCommand(COMMANDS.newSearch, (name?: unknown) => newSearch(lab, name))];
