// Reads a search.json from disk with errors a person can act on, then parses it.
import { readFileSync, statSync } from 'node:fs';
import { MAX_SPEC_CHARS } from './document';
import { parseSpec, wholeFileError, type ParseResult, type SpecOptions } from './parse';

export function loadSpecFile(path: string, opts: SpecOptions = {}): ParseResult {
  const fail = (message: string): ParseResult => ({ errors: [wholeFileError(path, message)] });
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fail('is a folder — give the path of the search.json inside it');
    if (stat.size > MAX_SPEC_CHARS) return fail(`is ${stat.size.toLocaleString('en-US')} bytes, more than the 1 MB a search.json may have — is this the right file?`);
    bytes = readFileSync(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('no such file');
    if (code === 'EACCES' || code === 'EPERM') return fail('cannot be read: permission denied');
    return fail(`cannot be read: ${(cause as Error).message}`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('is UTF-16 text — save it as UTF-8');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail('is not UTF-8 text — save it as UTF-8 (is it a binary file?)');
  }
  return parseSpec(text, path, opts);
}
