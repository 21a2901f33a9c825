// The pure logic formats user-visible text through an injected translator, so it runs in tests
// without vscode while the extension passes vscode.l10n.t.
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** vscode.l10n.t's placeholder syntax ({0}, {1}…) without translation: for tests and the CLI. */
export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
