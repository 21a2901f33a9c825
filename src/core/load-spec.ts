// The one way a search.json is read — by the CLI, by Run Search and by the editor's diagnostics:
// the text (the file's, or the editor's unsaved text), parsed and validated with positions, and
// the data it names checked on disk (data/check: headers, sizes, labels; cached per folder, so the
// editor may ask on every keystroke). A spec whose data would fail or mislead a run is refused
// here, before anything is created, with the error on data.source.
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkDataFolder, type DataFacts } from './data/check';
import { IdxError } from './data/idx';
import { dataDir } from './data/load';
import { MAX_SPEC_CHARS, parseSpec, wholeFileError, type DataCheck, type ParseResult } from './spec';
import type { DataSpec } from './spec/types';

export interface LoadOptions {
  /** The editor's text of the file, when it has it. */
  text?: string;
  /** Whether the data may be read for its checks (the extension asks before it reads data from
   * outside the workspace); without an answer, it may. */
  mayReadData?: (source: DataSpec['source']) => boolean;
}

/** The spec at `path`, checked with its data. */
export function loadSpec(path: string, opts: LoadOptions = {}): ParseResult {
  const read = opts.text === undefined ? readSpecText(path) : { text: opts.text };
  if ('errors' in read) return read;
  const mayRead = opts.mayReadData ?? (() => true);
  return parseSpec(read.text, path, { checkData: (source) => (mayRead(source) ? checkData(source, dirname(path)) : undefined) });
}

/** The file's text, or an error a person can act on. */
function readSpecText(path: string): { text: string } | ParseResult {
  const fail = (message: string): ParseResult => ({ errors: [wholeFileError(path, message)] });
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return fail('is a folder — give the path of the search.json inside it');
    if (!stat.isFile()) return fail('is not a regular file (a pipe or a device?) — give the path of a search.json');
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
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return fail('is not UTF-8 text — save it as UTF-8 (is it a binary file?)');
  }
}

function checkData(source: DataSpec['source'], specDir: string): DataCheck {
  try {
    const facts = checkDataFolder(dataDir(source, specDir));
    return { rows: facts.rows, inputSize: facts.inputSize, classes: facts.classes, note: shapeNote(facts) };
  } catch (e) {
    if (e instanceof IdxError) return { problem: e.message };
    throw e;
  }
}

/** Images other than MNIST's 28 × 28 (or classes other than ten) are fine: the net follows them. */
function shapeNote(facts: DataFacts): string | undefined {
  const { rows, imageShape, inputSize, classes } = facts;
  if (imageShape.join('×') === '28×28' && classes === 10) return undefined;
  const images = imageShape.length === 1 ? `${imageShape[0]} values` : imageShape.join(' × ');
  return `${rows.toLocaleString('en-US')} images of ${images} in ${classes} classes: the network is ${inputSize} → hidden layers → ${classes} (its first layer's width follows the images; MNIST's 28 × 28 give 784)`;
}
