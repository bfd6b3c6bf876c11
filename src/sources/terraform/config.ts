/**
 * A module directory's declarations, gathered from its parsed files.
 *
 * Each declaration keeps the raw hcl2json body (compiled into expressions
 * later, once per declaration) and the located block, so every value can be
 * traced back to a file, line and column.
 */
import type { InputError, SourceLocation } from '../../graph/types.js';
import type { ParsedFile } from './files.js';
import { blockKey, type BlockInfo, type Position } from './locate.js';

export type DeclKind = 'resource' | 'data' | 'module' | 'variable' | 'output' | 'local' | 'provider';

export interface Decl {
  kind: DeclKind;
  /** `aws_db_instance.main` for resources and data sources, else the name (provider: `aws` or `aws.alias`). */
  name: string;
  /** Resource / data type. */
  type?: string;
  /** Block label after the type. */
  label: string;
  file: ParsedFile;
  block?: BlockInfo;
  /** Header position (for a local: its attribute). */
  header: Position;
  /** Raw hcl2json body (for a local: `{ value: raw }`). */
  body: Record<string, unknown>;
  /** Lazily compiled form (see evaluate.ts). */
  compiled?: unknown;
}

export interface ModuleDir {
  dir: string;
  files: ParsedFile[];
  variables: Map<string, Decl>;
  locals: Map<string, Decl>;
  outputs: Map<string, Decl>;
  resources: Map<string, Decl>;
  data: Map<string, Decl>;
  modules: Map<string, Decl>;
  providers: Decl[];
  /** Resource types declared here (for telling `aws_subnet.x` references from iterator names). */
  resourceTypes: Set<string>;
  errors: InputError[];
}

export function location(decl: Decl, attribute?: string): SourceLocation {
  const pos = attribute !== undefined ? attributePosition(decl, attribute) : undefined;
  const p = pos ?? decl.header;
  return { file: decl.file.file, line: p.line, column: p.column };
}

/** Position of an attribute path inside a declaration, if written. */
export function attributePosition(decl: Decl, attribute: string): Position | undefined {
  const attrs = decl.block?.attributes;
  if (!attrs) return undefined;
  if (decl.kind === 'local') return attrs.get(`${decl.label}.${attribute}`);
  return attrs.get(attribute);
}

const ORIGIN: Position = { line: 1, column: 1 };

function asBodies(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter((b): b is Record<string, unknown> => !!b && typeof b === 'object' && !Array.isArray(b));
  if (v && typeof v === 'object') return [v as Record<string, unknown>];
  return [];
}

function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Build a module directory from its parsed files (files with errors contribute nothing). */
export function buildModuleDir(dir: string, files: ParsedFile[]): ModuleDir {
  const m: ModuleDir = {
    dir,
    files,
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: new Map(),
    data: new Map(),
    modules: new Map(),
    providers: [],
    resourceTypes: new Set(),
    errors: [],
  };
  for (const file of files) {
    if (!file.body) continue;
    addFile(m, file);
  }
  return m;
}

function addFile(m: ModuleDir, file: ParsedFile): void {
  const body = file.body!;
  const blocks = new Map<string, BlockInfo[]>();
  const localsBlocks: BlockInfo[] = [];
  for (const b of file.locations?.blocks ?? []) {
    if (b.type === 'locals') localsBlocks.push(b);
    const k = blockKey(b.type, b.labels);
    const list = blocks.get(k);
    if (list) list.push(b);
    else blocks.set(k, [b]);
  }
  const takeBlock = (type: string, labels: string[]): BlockInfo | undefined => blocks.get(blockKey(type, labels))?.shift();

  const add = (map: Map<string, Decl>, decl: Decl, what: string): void => {
    const prev = map.get(decl.name);
    if (prev) {
      m.errors.push({
        file: decl.file.file,
        line: decl.header.line,
        column: decl.header.column,
        kind: 'duplicate',
        message: `duplicate ${what} "${decl.name}" (first declared in ${prev.file.file}:${prev.header.line}); this one is ignored`,
      });
      return;
    }
    map.set(decl.name, decl);
  };

  const simple = (kind: DeclKind, map: Map<string, Decl>, section: unknown, what: string): void => {
    for (const [label, v] of Object.entries(asRecord(section))) {
      for (const b of asBodies(v)) {
        const block = takeBlock(kind, [label]);
        add(map, { kind, name: label, label, file, block, header: block ?? ORIGIN, body: b }, what);
      }
    }
  };

  simple('variable', m.variables, body.variable, 'variable');
  simple('output', m.outputs, body.output, 'output');
  simple('module', m.modules, body.module, 'module call');

  for (const kind of ['resource', 'data'] as const) {
    const map = kind === 'resource' ? m.resources : m.data;
    for (const [type, byName] of Object.entries(asRecord(body[kind]))) {
      if (kind === 'resource') m.resourceTypes.add(type);
      for (const [label, v] of Object.entries(asRecord(byName))) {
        for (const b of asBodies(v)) {
          const block = takeBlock(kind, [type, label]);
          const name = kind === 'data' ? `data.${type}.${label}` : `${type}.${label}`;
          add(map, { kind, name, type, label, file, block, header: block ?? ORIGIN, body: b }, kind === 'data' ? 'data source' : 'resource');
        }
      }
    }
  }

  let li = 0;
  for (const lb of asBodies(body.locals)) {
    const block = localsBlocks[li++];
    for (const [name, raw] of Object.entries(lb)) {
      const inBlock = block?.attributes.has(name) ? block : localsBlocks.find((b) => b.attributes.has(name));
      const header = inBlock?.attributes.get(name) ?? inBlock ?? ORIGIN;
      add(m.locals, { kind: 'local', name, label: name, file, block: inBlock, header: { line: header.line, column: header.column }, body: { value: raw } }, 'local value');
    }
  }

  for (const [pname, v] of Object.entries(asRecord(body.provider))) {
    for (const b of asBodies(v)) {
      const block = takeBlock('provider', [pname]);
      const alias = typeof b.alias === 'string' ? b.alias : undefined;
      const name = alias ? `${pname}.${alias}` : pname;
      m.providers.push({ kind: 'provider', name, label: pname, file, block, header: block ?? ORIGIN, body: b });
    }
  }
}

/** The literal `source` of a module call, or undefined when it is not a plain string. */
export function moduleSource(decl: Decl): string | undefined {
  const s = decl.body.source;
  return typeof s === 'string' && !s.includes('${') ? s : undefined;
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}
