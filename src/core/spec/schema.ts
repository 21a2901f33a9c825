// The JSON Schema of search.json, typed loosely enough to walk: the code reads limits,
// searchable paths and field kinds from it rather than repeating them.
import rawSchema from './search.schema.json';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  required?: string[];
  $ref?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
  [keyword: string]: unknown;
}

export const SEARCH_SCHEMA = rawSchema as unknown as JsonSchema;

/** The schema node a local `$ref` ("#/properties/…") points at. */
export function resolveRef(ref: string): JsonSchema {
  let node: unknown = SEARCH_SCHEMA;
  for (const part of ref.replace(/^#\//, '').split('/')) node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  if (!node) throw new Error(`search.schema.json: dangling $ref ${ref}`);
  return node as JsonSchema;
}

/** The schema of a field of the spec, e.g. ("training", "lr"). */
export function fieldSchema(section: string, field: string): JsonSchema {
  const node = SEARCH_SCHEMA.properties?.[section]?.properties?.[field];
  if (!node) throw new Error(`search.schema.json: no field ${section}.${field}`);
  return node;
}
