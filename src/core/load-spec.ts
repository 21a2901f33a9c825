// A search.json checked against its data too: for the user's own IDX folder, the folder must hold
// readable files, and their row count bounds data.trainSize (the schema alone cannot know it).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { loadSpecFile, type ParseResult, type SpecError } from './spec';
import { dataDir, TRAIN_IMAGES, TRAIN_LABELS } from './data/load';
import { idxCount, readIdx } from './data/idx';

export function loadSpecChecked(path: string): ParseResult {
  const first = loadSpecFile(path);
  const source = first.spec?.data.source;
  if (!first.spec || source === undefined || source === 'mnist') return first;
  let rows: number;
  let inputSize: number;
  try {
    const dir = dataDir(source, dirname(path));
    rows = idxCount(join(dir, TRAIN_LABELS));
    inputSize = readIdx(join(dir, TRAIN_IMAGES), 0).dims.slice(1).reduce((a, b) => a * b, 1);
  } catch (e) {
    return { errors: [...first.errors, dataError(path, (e as Error).message)] };
  }
  return loadSpecFile(path, { dataRows: rows, inputSize });
}

/** An error placed on data.source.idx in the file. */
function dataError(file: string, message: string): SpecError {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // the position falls back to 1:1
  }
  const node = findNodeAtLocation(parseTree(text) ?? { type: 'null', offset: 0, length: 0 }, ['data', 'source', 'idx']);
  const offset = node?.offset ?? 0;
  const length = node?.length ?? 0;
  const pos = (o: number) => {
    const before = text.slice(0, o).split(/\r\n|\r|\n/);
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const a = pos(offset);
  const b = pos(offset + length);
  return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column, offset, length, path: 'data.source.idx', message: `${message} — point it at a folder with the four MNIST-format IDX files`, severity: 'error' };
}
