// search.json: the schema, parsing with positions, defaults, params applied to a trial.
export { parseSpec, formatSpecError, nameFromFile, wholeFileError, MNIST_ROWS, type SpecError, type SpecOptions, type ParseResult, type DataCheck } from './parse';
export { withOverrides, type SpecOverrides, type OverrideResult } from './overrides';
export { applyParams } from './apply';
export { SEARCHABLE_PATHS, searchablePath, pathInWords, DISTRIBUTIONS, type SearchablePath, type ParamKind, type DistributionName } from './paths';
export { parameterCount, MAX_PARAMETERS } from './semantic';
export { MAX_SPEC_CHARS, MAX_DEPTH } from './document';
export { SEARCH_SCHEMA } from './schema';
export type * from './types';
