// The one validator of search.json: fills the schema's defaults into the value it checks. The
// schema is compiled ahead of time (scripts/validator.mjs, run by the build), so the first check
// costs no compilation.
import type { ErrorObject } from 'ajv';
import validate from './validate.generated';

/** Validates `value` against search.schema.json, filling in defaults where fields are missing
 * (so `value` is changed in place). Returns the schema errors, none when it is valid. */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  return validate(value) ? [] : [...(validate.errors ?? [])];
}
