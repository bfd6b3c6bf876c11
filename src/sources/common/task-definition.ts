/**
 * ECS container definitions → normalized containers, shared by every
 * source: the ECS API's JSON (Terraform's `container_definitions`, a plan's
 * string, live DescribeTaskDefinition) uses camelCase keys, CloudFormation's
 * `ContainerDefinitions` PascalCase; the structure is the same.
 *
 * Environment values whose variable name looks secret are masked here, so
 * no report shows them; the raw value is still returned (as a reference
 * candidate) for finding the databases a container names.
 */
import type { ContainerDefinition, ContainerEnvVar, ContainerHealthCheck, ContainerSecret } from '../../graph/types.js';
import { isSecretKey, MASK, Unknown, type Maybe } from '../../graph/values.js';
import { isObject, type Coercions, type SourceObject, type SourceValue } from './coerce.js';
import type { DataReference } from './data-references.js';

export type KeyStyle = 'camel' | 'pascal';

/** A value written in a container's environment or secrets: where a database may be named. */
export interface ContainerReference extends DataReference {
  container: Maybe<string>;
}

export interface ReadContainers {
  containers: Maybe<ContainerDefinition[]>;
  references: ContainerReference[];
}

function keyOf(style: KeyStyle): (k: string) => string {
  return style === 'pascal' ? (k) => k[0].toUpperCase() + k.slice(1) : (k) => k;
}

/** Read a list of container definitions; `path` is the native attribute holding it. */
export function readContainers(list: SourceValue | undefined, style: KeyStyle, c: Coercions, path: string): ReadContainers {
  const references: ContainerReference[] = [];
  const objects = c.objectList(list);
  if (objects === undefined || objects instanceof Unknown) return { containers: objects, references };
  const k = keyOf(style);
  const containers = objects.map((o, i): ContainerDefinition => {
    const name = c.toStr(o[k('name')]);
    const at = `${path}[${i}]`;
    return {
      name,
      image: c.toStr(o[k('image')]),
      essential: c.toBool(o[k('essential')]),
      environment: entries(o[k('environment')], c, (e, j): ContainerEnvVar => {
        const variable = c.toStr(e[k('name')]);
        const raw = e[k('value')];
        if (raw !== undefined && raw !== null) references.push({ container: name, via: 'environment', variable, value: raw, path: `${at}.${k('environment')}[${j}].${k('value')}` });
        const value = c.toStr(raw);
        return { name: variable, value: typeof variable === 'string' && isSecretKey(variable) && value !== undefined ? MASK : value };
      }),
      secrets: entries(o[k('secrets')], c, (e, j): ContainerSecret => {
        const variable = c.toStr(e[k('name')]);
        const raw = e[k('valueFrom')];
        if (raw !== undefined && raw !== null) references.push({ container: name, via: 'secrets', variable, value: raw, path: `${at}.${k('secrets')}[${j}].${k('valueFrom')}` });
        return { name: variable, valueFrom: c.toStr(raw) };
      }),
      healthCheck: healthCheck(o[k('healthCheck')], k, c),
    };
  });
  return { containers, references };
}

function entries<T>(v: SourceValue | undefined, c: Coercions, f: (e: SourceObject, index: number) => T): Maybe<T[]> {
  const list = c.objectList(v);
  if (list === undefined || list instanceof Unknown) return list;
  return list.map(f);
}

function healthCheck(v: SourceValue | undefined, k: (s: string) => string, c: Coercions): Maybe<ContainerHealthCheck> {
  if (v === undefined || v === null) return undefined;
  if (v instanceof Unknown) return v;
  if (!isObject(v)) return new Unknown('healthCheck is not an object');
  return {
    command: c.toStrList(v[k('command')]),
    interval: c.toNum(v[k('interval')]),
    timeout: c.toNum(v[k('timeout')]),
    retries: c.toNum(v[k('retries')]),
    startPeriod: c.toNum(v[k('startPeriod')]),
  };
}

/**
 * Copy of raw container definitions (for a resource's evidence attributes)
 * with the value of every secret-named environment variable masked, at any
 * depth: `{name: "DB_PASSWORD", value: "…"}` has no secret key of its own.
 */
export function maskEnvironmentValues<T>(v: T, depth = 0): T {
  if (depth > 32 || v === null || typeof v !== 'object' || v instanceof Unknown) return v;
  if (Array.isArray(v)) return v.map((x) => maskEnvironmentValues(x, depth + 1)) as T;
  const o = v as Record<string, unknown>;
  const name = o.name ?? o.Name;
  const secret = typeof name === 'string' && isSecretKey(name);
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(o)) out[key] = secret && (key === 'value' || key === 'Value') && x !== null && x !== undefined ? MASK : maskEnvironmentValues(x, depth + 1);
  return out as T;
}

/**
 * Host names in a connection value: `db.cluster-abc.ap-northeast-1.rds.amazonaws.com`,
 * also inside a URL (`postgres://user@host:5432/app`) or `host:port`.
 */
export function hostNamesIn(value: string): string[] {
  const out: string[] = [];
  for (const m of value.matchAll(/[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g)) out.push(m[0].toLowerCase());
  return out;
}
