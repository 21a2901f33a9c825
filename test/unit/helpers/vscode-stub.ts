// A stand-in for the `vscode` module, enough to run activate() outside VS Code: every API is an
// inert stub (any property, callable, constructible), except the registrations a test inspects.
import Module from 'node:module';
import { join } from 'node:path';

export interface VscodeRecorder {
  commands: Map<string, (...args: unknown[]) => unknown>;
  treeViews: string[];
  serializers: string[];
  contextKeys: Map<string, unknown>;
}

/** A value that answers every use: property reads, calls and `new` give more of the same. */
function inert(): any {
  const target = function () {} as any;
  return new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : inert()),
    apply: () => inert(),
    construct: () => inert(),
    set: () => true,
  });
}

export class Uri {
  constructor(readonly fsPath: string, readonly path = fsPath, readonly scheme = 'file') {}
  static file(path: string) {
    return new Uri(path);
  }
  static joinPath(base: Uri, ...parts: string[]) {
    return new Uri(join(base.fsPath, ...parts));
  }
  toString() {
    return `file://${this.path}`;
  }
}

class TreeItem {
  [key: string]: unknown;
  constructor(readonly label: string, readonly collapsibleState: number) {}
}

class ThemeIcon {
  constructor(readonly id: string) {}
}

class MarkdownString {
  constructor(public value = '') {}
  appendText(text: string) {
    this.value += text;
    return this;
  }
  appendMarkdown(text: string) {
    this.value += text;
    return this;
  }
}

class Range {
  constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
}

class Diagnostic {
  source?: string;
  constructor(readonly range: Range, readonly message: string, readonly severity: number) {}
}

class EventEmitter {
  private listeners: Array<(e: unknown) => void> = [];
  event = (l: (e: unknown) => void) => {
    this.listeners.push(l);
    return { dispose() {} };
  };
  fire(e: unknown) {
    this.listeners.forEach((l) => l(e));
  }
  dispose() {}
}

/** A webview panel for `window.createWebviewPanel`: it records what the host posts (as JSON would
 * carry it) and lets a test speak for the webview. */
export function fakeWebviewPanel(posted: unknown[]): { create: () => object; fromWebview: (m: unknown) => void } {
  let receive: (m: unknown) => void = () => {};
  const disposable = { dispose() {} };
  const create = () => ({
    webview: {
      cspSource: 'vscode-resource:', html: '', options: {},
      asWebviewUri: (u: Uri) => u,
      postMessage: async (m: unknown) => (posted.push(JSON.parse(JSON.stringify(m))), true),
      onDidReceiveMessage: (handler: (m: unknown) => void) => ((receive = handler), disposable),
    },
    onDidDispose: () => disposable,
    reveal() {},
    dispose() {},
  });
  return { create, fromWebview: (m) => receive(m) };
}

/** `overrides` replaces members of a namespace (e.g. { window: { showInformationMessage } }). */
export function installVscodeStub(overrides: Record<string, Record<string, unknown>> = {}): VscodeRecorder {
  const recorder: VscodeRecorder = { commands: new Map(), treeViews: [], serializers: [], contextKeys: new Map() };
  const disposable = { dispose() {} };
  const event = () => disposable;
  const stub = {
    l10n: { t: (m: string, ...a: unknown[]) => m.replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])) },
    EventEmitter,
    TreeItem,
    ThemeIcon,
    MarkdownString,
    Range,
    Diagnostic,
    StatusBarAlignment: { Left: 1, Right: 2 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ProgressLocation: { Notification: 15 },
    ViewColumn: { Beside: -2 },
    FileType: { File: 1, Directory: 2 },
    Uri,
    RelativePattern: class {},
    commands: {
      registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
        if (recorder.commands.has(id)) throw new Error(`command ${id} registered twice`);
        recorder.commands.set(id, fn);
        return disposable;
      },
      executeCommand: async (id: string, key: string, value: unknown) => {
        if (id === 'setContext') recorder.contextKeys.set(key, value);
      },
    },
    window: {
      ...{ activeTextEditor: undefined },
      createStatusBarItem: inert,
      createOutputChannel: inert,
      createTreeView: (id: string) => {
        recorder.treeViews.push(id);
        return { dispose() {}, visible: false };
      },
      registerWebviewPanelSerializer: (id: string) => {
        recorder.serializers.push(id);
        return disposable;
      },
    },
    workspace: {
      workspaceFolders: undefined,
      textDocuments: [],
      isTrusted: true,
      findFiles: async () => [],
      getConfiguration: () => ({ get: (_k: string, d: unknown) => d }),
      createFileSystemWatcher: () => ({ onDidCreate: event, onDidChange: event, onDidDelete: event, dispose() {} }),
      onDidOpenTextDocument: event,
      onDidChangeTextDocument: event,
      onDidCloseTextDocument: event,
      onDidChangeWorkspaceFolders: event,
      onDidChangeConfiguration: event,
    },
    languages: { createDiagnosticCollection: inert, registerCodeLensProvider: () => disposable },
    env: { language: 'en' },
  };
  for (const [space, members] of Object.entries(overrides)) Object.assign((stub as Record<string, object>)[space] ?? {}, members);
  const load = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: typeof load })._load = function (request: string, ...rest: unknown[]) {
    // members no test names are inert
    return request === 'vscode' ? new Proxy(stub, { get: (o, key) => (key in o ? o[key as keyof typeof o] : key === 'then' ? undefined : inert()) }) : load.call(this, request, ...rest);
  };
  return recorder;
}
