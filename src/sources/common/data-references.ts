/**
 * Values a workload's configuration writes where a database or cache may be
 * named: a container's environment or secrets (task-definition.ts), a Lambda
 * function's environment variables. Every source reads them the same way and
 * links the ones that name a scanned data store with a `connects-to` edge.
 */
import { Unknown, type Maybe } from '../../graph/values.js';
import { isObject, type SourceValue } from './coerce.js';

export interface DataReference {
  /** The container writing it (task definitions only). */
  container?: Maybe<string>;
  via: 'environment' | 'secrets';
  variable: Maybe<string>;
  /** As written: a string, an Unknown, or a source's reference. */
  value: SourceValue;
  /** Native path: `container_definitions[0].environment[1].value`, `environment.variables.DB_HOST`, `Environment.Variables.DB_HOST`. */
  path: string;
}

/**
 * The variables of an environment written as a map (`{ DB_HOST = … }`,
 * Lambda's `Variables`), each a reference candidate at `<path>.<NAME>`.
 * Unknown when the map itself is not known (a `merge()` of unknown maps, a
 * parameter): which variables it holds cannot be told.
 */
export function variableReferences(map: SourceValue | undefined, path: string): DataReference[] | Unknown {
  if (map === undefined || map === null) return [];
  if (map instanceof Unknown) return map;
  if (!isObject(map)) return new Unknown(`${path} is not a map of variables`);
  const out: DataReference[] = [];
  for (const [variable, value] of Object.entries(map)) {
    if (value !== undefined && value !== null) out.push({ via: 'environment', variable, value, path: `${path}.${variable}` });
  }
  return out;
}
