// The fields a search may vary, by dotted path, with the kind of value each takes. Read from the
// schema's search.params (whose entries refer to #/definitions/<kind>Search) so the list lives once.
import { SEARCH_SCHEMA, fieldSchema, resolveRef, type JsonSchema } from './schema';

export type ParamKind = 'float' | 'int' | 'enum' | 'bool' | 'int-array';
export type SectionName = 'data' | 'model' | 'training';

export interface SearchablePath {
  path: string;
  section: SectionName;
  field: string;
  kind: ParamKind;
  /** The distributions the schema allows for it (a float takes all five; an int no log10/uniform). */
  distributions: DistributionName[];
}

export const DISTRIBUTIONS = ['log10', 'uniform', 'int', 'choice', 'values'] as const;
export type DistributionName = (typeof DISTRIBUTIONS)[number];

function kindOf(field: JsonSchema, searchRef: string): ParamKind {
  if (searchRef.endsWith('/floatSearch')) return 'float';
  if (searchRef.endsWith('/intSearch')) return 'int';
  if (field.type === 'boolean') return 'bool';
  if (field.type === 'array') return 'int-array';
  return 'enum';
}

function readSearchablePaths(): SearchablePath[] {
  const params = SEARCH_SCHEMA.properties!.search!.properties!.params!;
  return Object.entries(params.properties!).map(([path, entry]) => {
    const [section, field] = path.split('.') as [SectionName, string];
    const searchRef = entry.allOf![0]!.$ref!;
    const distributions = Object.keys(resolveRef(searchRef).properties!) as DistributionName[];
    return { path, section, field, kind: kindOf(fieldSchema(section, field), searchRef), distributions };
  });
}

export const SEARCHABLE_PATHS: readonly SearchablePath[] = readSearchablePaths();

const byPath = new Map(SEARCHABLE_PATHS.map((p) => [p.path, p]));
export function searchablePath(path: string): SearchablePath | undefined {
  return byPath.get(path);
}

export type Segment = string | number;

/** A JSON path in words: search.params."training.lr".log10[0]. */
export function pathInWords(path: readonly Segment[]): string {
  let words = '';
  for (const seg of path) {
    if (typeof seg === 'number') words += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) words += words ? `.${seg}` : seg;
    else words += (words ? '.' : '') + JSON.stringify(seg);
  }
  return words;
}
