// Which files are search specs, and where things sit in them: pure text → positions.
import { parseTree } from 'jsonc-parser';

/** search.json and *.search.json, the same names contributes.jsonValidation binds the schema to. */
export function isSpecFileName(path: string): boolean {
  const base = path.replace(/^.*[\\/]/, '');
  return base === 'search.json' || base.endsWith('.search.json');
}

/** The fields of a parseSpec error that the editor needs (positions are 1-based, as parseSpec gives them). */
export interface SpecIssue {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: string;
}

/** A 0-based range as the editor counts (line, character). */
export interface ZeroBasedRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/** parseSpec's 1-based (line, column) → the editor's 0-based range; an end before the start collapses
 * onto the start, so a bad position never throws. */
export function issueRange(issue: SpecIssue): ZeroBasedRange {
  const startLine = Math.max(0, issue.line - 1);
  const startCharacter = Math.max(0, issue.column - 1);
  let endLine = Math.max(0, issue.endLine - 1);
  let endCharacter = Math.max(0, issue.endColumn - 1);
  if (endLine < startLine || (endLine === startLine && endCharacter < startCharacter)) {
    endLine = startLine;
    endCharacter = startCharacter;
  }
  return { startLine, startCharacter, endLine, endCharacter };
}

export type IssueSeverity = 'error' | 'warning' | 'information';

export function issueSeverity(issue: SpecIssue): IssueSeverity {
  if (issue.severity === 'warning') return 'warning';
  if (issue.severity === 'info' || issue.severity === 'information') return 'information';
  return 'error';
}

/** Where the CodeLens goes: the line of the root object's opening brace (after any leading comments);
 * undefined when the text has no root object. */
export function codeLensLine(text: string): number | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return undefined;
  let line = 0;
  for (let i = 0; i < root.offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Lenses show only on a spec that parses without errors (warnings do not hide them). */
export const lensesApply = (issues: readonly SpecIssue[]) => !issues.some((i) => issueSeverity(i) === 'error');

/** The examples link the schema by a path inside this repository; in a workspace that path is wrong,
 * and contributes.jsonValidation binds the schema to search.json anyway. Removes the `$schema`
 * property with its comma and its line, leaving comments around it in place. */
export function withoutSchemaLink(text: string): string {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const property = root?.type === 'object' ? root.children?.find((p) => p.children?.[0]?.value === '$schema') : undefined;
  if (!property) return text;
  let start = property.offset;
  let end = property.offset + property.length;
  const comma = /^[ \t]*,/.exec(text.slice(end));
  if (comma) end += comma[0].length;
  else {
    // the last property: the comma before it goes instead
    const before = /,[ \t\r\n]*$/.exec(text.slice(0, start));
    if (before) start -= before[0].length;
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = /^[ \t]*(\r?\n|$)/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && lineEnd) {
    start = lineStart;
    end += lineEnd[0].length;
  }
  return text.slice(0, start) + text.slice(end);
}
