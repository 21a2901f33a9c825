// The one ajv validator of search.json: fills the schema's defaults into the value it checks.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { SEARCH_SCHEMA } from './schema';

let validator: ValidateFunction | undefined;

function compile(): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: true, strictTypes: true });
  // Keywords of VS Code's JSON editor: documentation and completion only, nothing to validate.
  ajv.addVocabulary(['markdownDescription', 'enumDescriptions', 'defaultSnippets']);
  return ajv.compile(SEARCH_SCHEMA);
}

/** Validates `value` against search.schema.json, filling in defaults where fields are missing
 * (so `value` is changed in place). Returns the schema errors, none when it is valid. */
export function validateAgainstSchema(value: unknown): ErrorObject[] {
  validator ??= compile();
  return validator(value) ? [] : [...(validator.errors ?? [])];
}
