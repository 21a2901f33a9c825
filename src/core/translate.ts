// Text for people goes through an injected translator: the extension passes vscode.l10n.t, the CLI
// its catalogue (src/cli/l10n.ts), tests and run files the English as written.
export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** vscode.l10n.t's placeholder syntax ({0}, {1}…) without translation: for tests and the CLI. */
export const untranslated: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
