// What the checks report before it is placed in the text: a JSON path (or a raw range, for
// syntax errors) and a message. positions.ts turns these into SpecErrors with line and column.
import type { Segment } from './paths';

/** 'info': a fact worth knowing that changes nothing (e.g. the net's input size follows the images). */
export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  /** Where in the spec: the path of the offending value (of the object, for a missing field). */
  path: Segment[];
  message: string;
  severity: Severity;
  /** Mark the property's key rather than its value (unknown or misplaced fields). */
  target?: 'value' | 'key';
  /** Places to mark instead when `path` is not written in the text (e.g. a default value). */
  fallbacks?: Segment[][];
  /** A known text range (syntax errors), offsets in the BOM-less text. */
  range?: { offset: number; length: number };
}

export const error = (path: Segment[], message: string, more: Partial<Issue> = {}): Issue => ({ path, message, severity: 'error', ...more });
export const warning = (path: Segment[], message: string, more: Partial<Issue> = {}): Issue => ({ path, message, severity: 'warning', ...more });
export const note = (path: Segment[], message: string, more: Partial<Issue> = {}): Issue => ({ path, message, severity: 'info', ...more });
