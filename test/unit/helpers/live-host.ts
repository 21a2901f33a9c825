// The extension host around a running search, outside VS Code: activate() on the vscode stub, a
// webview panel that records what the host posts (and can say `ready`), the tree's listing, and a
// count of every read of a trials.jsonl. Used by the live-run test and by `npm run bench`.
import fs from 'node:fs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeWebviewPanel, installVscodeStub, Uri } from './vscode-stub';

export interface LiveHost {
  ws: string;
  specPath: string;
  /** Everything the host posted to the panel, in order. */
  posted: { type: string; [k: string]: unknown }[];
  /** Tells the host what the webview says. */
  fromWebview(message: unknown): void;
  commands: Map<string, (...args: unknown[]) => unknown>;
  messages: string[];
  contextKeys: Map<string, unknown>;
  /** The Runs tree's provider, as VS Code would call it. */
  tree(): { getChildren(node?: unknown): { kind: string; run: { dir: string; status: string; trials: unknown[] } }[] };
  /** Reads of any trials.jsonl (opens for reading and whole-file reads) since the last reset. */
  reads: { count: number; reset(): void };
  dispose(): void;
}

/** Counts reads of trials.jsonl through the fs module every part of the host uses. */
function countReads(): LiveHost['reads'] & { restore(): void } {
  const counter = { count: 0, reset: () => void (counter.count = 0), restore: () => {} };
  const { openSync, readFileSync: readWhole } = fs;
  const isLog = (p: unknown) => String(p).endsWith('trials.jsonl');
  fs.openSync = ((p: fs.PathLike, flags?: fs.OpenMode, ...rest: unknown[]) => {
    if (isLog(p) && (flags === undefined || flags === 'r')) counter.count++;
    return (openSync as (...a: unknown[]) => number)(p, flags, ...rest);
  }) as typeof fs.openSync;
  fs.readFileSync = ((p: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (isLog(p)) counter.count++;
    return (readWhole as (...a: unknown[]) => unknown)(p, ...rest);
  }) as typeof fs.readFileSync;
  counter.restore = () => {
    fs.openSync = openSync;
    fs.readFileSync = readWhole;
  };
  return counter;
}

export async function startLiveHost(spec: object): Promise<LiveHost> {
  const ws = mkdtempSync(join(tmpdir(), 'hpl-live-'));
  const specPath = join(ws, 'search.json');
  writeFileSync(specPath, JSON.stringify(spec, null, 2));
  const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
  const posted: LiveHost['posted'] = [];
  const messages: string[] = [];
  const webview = fakeWebviewPanel(posted);
  let tree: ReturnType<LiveHost['tree']> | undefined;
  const disposable = { dispose() {} };
  const recorder = installVscodeStub({
    window: {
      showInformationMessage: async (m: string) => void messages.push(m),
      showErrorMessage: async (m: string) => void messages.push(`error: ${m}`),
      withProgress: async (_: unknown, task: (p: unknown, token: unknown) => Promise<void>) =>
        task({ report: () => {} }, { onCancellationRequested: () => disposable }),
      createTreeView: (_id: string, options: { treeDataProvider: ReturnType<LiveHost['tree']> }) => {
        tree = options.treeDataProvider;
        return { dispose() {}, visible: true, reveal: async () => {} };
      },
      createWebviewPanel: webview.create,
    },
    workspace: {
      workspaceFolders: [folder],
      getWorkspaceFolder: () => folder,
      openTextDocument: async () => ({ isDirty: false, getText: () => readFileSync(specPath, 'utf8'), uri: Uri.file(specPath) }),
      asRelativePath: (u: Uri) => u.fsPath,
    },
  });
  const { activate } = await import(join(process.env.HPL_EXTENSION_ROOT ?? join(__dirname, '..', '..', '..'), 'src', 'extension', 'extension'));
  const subscriptions: { dispose(): void }[] = [];
  activate({ subscriptions, extensionUri: Uri.file(ws), workspaceState: { get: () => undefined, update: async () => {} } } as never);
  const reads = countReads();
  return {
    ws,
    specPath,
    posted,
    fromWebview: webview.fromWebview,
    commands: recorder.commands,
    messages,
    contextKeys: recorder.contextKeys,
    tree: () => tree!,
    reads,
    dispose() {
      reads.restore();
      subscriptions.forEach((d) => d.dispose());
      rmSync(ws, { recursive: true, force: true });
    },
  };
}

/** Waits until `ok()` holds (50 ms steps), or fails naming `what`. */
export async function until(what: string, ok: () => boolean, timeoutMs = 120_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 50) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
