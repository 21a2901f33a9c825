// Types of the validator that scripts/validator.mjs generates from search.schema.json.
import type { ErrorObject } from 'ajv';

declare const validate: {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
};
export default validate;
