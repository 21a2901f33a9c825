// The CLI's words in the user's language. Messages are keyed by their English text, as the
// extension's vscode.l10n bundles are; messages.ja.json holds the Japanese ones. The locale comes
// from the environment the way POSIX programs pick it: LC_ALL, then LC_MESSAGES, then LANG.
// Only the CLI's own text is translated; the spec checker's messages stay English.
import stringWidth from 'string-width';
import { untranslated, type Translate } from '../core/translate';
import japanese from './messages.ja.json';

export const CATALOGS: Record<string, Record<string, string>> = { ja: japanese };

/** "ja" for ja_JP.UTF-8 and friends, else "en". */
export function cliLocale(env: NodeJS.ProcessEnv = process.env): string {
  const setting = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  const language = setting.split(/[_.@-]/)[0]!.toLowerCase();
  return language in CATALOGS ? language : 'en';
}

const catalog: Record<string, string> = CATALOGS[cliLocale()] ?? {};

/** The message in the user's language, with {0}, {1}… replaced by `args`. */
export const t: Translate = (message, ...args) => untranslated(catalog[message] ?? message, ...args);

/** Terminal columns a string takes (CJK characters take two), for aligning table columns. */
export const columns = stringWidth;
