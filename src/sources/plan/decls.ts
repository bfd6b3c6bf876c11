/**
 * Where a planned resource is written.
 *
 * When the plan sits in its root module directory next to the `.tf` files
 * (the usual `terraform show -json plan.bin > plan.json`), the Terraform
 * source's parser and locator give each resource's block and attributes, so
 * findings point at the `.tf` line as they do for an HCL scan. Local
 * modules are found through the plan's `module_calls[].source`.
 *
 * Otherwise (a plan copied elsewhere, a registry module) the declaration is
 * synthesized in the plan file itself: the header is the resource's entry in
 * `planned_values`, attributes are the keys of its `values`.
 */
import path from 'node:path';
import type { InputError } from '../../graph/types.js';
import {
  buildModuleDir,
  isLocalSource,
  listModuleFiles,
  parseTerraformFile,
  type BlockInfo,
  type CommentInfo,
  type Decl,
  type ModuleDir,
  type ParsedFile,
  type Position,
} from '../terraform/index.js';
import type { ConfigModule } from './references.js';

export interface DeclSink {
  files: Set<string>;
  errors: InputError[];
  comments: Record<string, CommentInfo[]>;
}

/** `module.a["x"].module.b` → `[{name: a, key: x}, {name: b}]`. */
export function moduleSegments(moduleAddress: string): { name: string; key?: string | number; text: string }[] {
  const out: { name: string; key?: string | number; text: string }[] = [];
  const re = /module\.([A-Za-z_][\w-]*)(?:\[("(?:[^"\\]|\\.)*"|\d+)\])?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(moduleAddress))) {
    const key = m[2] === undefined ? undefined : m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : Number(m[2]);
    out.push({ name: m[1], key, text: m[0] });
  }
  return out;
}

/** `module.a["x"].module.b[0]` → `a.b` (the module tree key, without instance keys). */
export function moduleKey(moduleAddress: string): string {
  return moduleSegments(moduleAddress)
    .map((s) => s.name)
    .join('.');
}

export class TfDecls {
  /** Module key → its directory's declarations (absent: no `.tf` files found). */
  private readonly dirs = new Map<string, ModuleDir>();

  private constructor() {}

  /** Load the root module directory and, through local module sources, its modules. Never throws. */
  static async load(planAbs: string, root: string, config: ConfigModule | undefined, maxFileBytes: number, sink: DeclSink): Promise<TfDecls> {
    const out = new TfDecls();
    const visit = async (key: string, dir: string, cfg: ConfigModule | undefined, depth: number): Promise<void> => {
      if (depth > 16) return;
      const names = await listModuleFiles(dir);
      if (!names || names.length === 0) return;
      const files: ParsedFile[] = [];
      for (const f of names) files.push(await parseTerraformFile(f, root, maxFileBytes));
      for (const f of files) {
        sink.files.add(f.file);
        if (f.error) sink.errors.push(f.error);
        if (f.locations?.comments.length) sink.comments[f.file] = f.locations.comments;
      }
      out.dirs.set(key, buildModuleDir(dir, files));
      for (const [name, call] of Object.entries(cfg?.module_calls ?? {})) {
        if (typeof call.source !== 'string' || !isLocalSource(call.source)) continue;
        await visit(key ? `${key}.${name}` : name, path.resolve(dir, call.source), call.module, depth + 1);
      }
    };
    await visit('', path.dirname(planAbs), config, 0);
    return out;
  }

  get found(): boolean {
    return this.dirs.size > 0;
  }

  /** The `module "name"` block that calls a module (by module tree key `a.b`), if the files are there. */
  moduleCall(key: string): Decl | undefined {
    const k = key.lastIndexOf('.');
    return this.dirs.get(k < 0 ? '' : key.slice(0, k))?.modules.get(k < 0 ? key : key.slice(k + 1));
  }

  /** The `module` blocks that call a module instance and its parents, innermost first (for the inline suppressions written there). */
  moduleCalls(moduleAddress: string): Decl[] {
    const names = moduleSegments(moduleAddress).map((s) => s.name);
    const out: Decl[] = [];
    for (let k = names.length; k > 0; k--) {
      const call = this.moduleCall(names.slice(0, k).join('.'));
      if (call) out.push(call);
    }
    return out;
  }

  /** The `.tf` declaration of `type.name` in a module instance, if the files are there. */
  find(moduleAddress: string, type: string, name: string): Decl | undefined {
    return this.dirs.get(moduleKey(moduleAddress))?.resources.get(`${type}.${name}`);
  }
}

/**
 * A declaration in the plan file: the resource entry is the header, the
 * keys of `values` its attributes (paths as the Terraform locator writes
 * them: `network_configuration.subnets`, `route[1].nat_gateway_id`), and
 * `body` holds the configuration's references as expressions, so code that
 * reads references from declarations finds them.
 */
export function syntheticDecl(args: {
  file: ParsedFile;
  type: string;
  name: string;
  header: Position;
  attributes: Map<string, Position>;
  body: Record<string, unknown>;
}): Decl {
  const block: BlockInfo = {
    type: 'resource',
    labels: [args.type, args.name],
    line: args.header.line,
    column: args.header.column,
    endLine: args.header.line,
    attributes: args.attributes,
    comments: [],
  };
  return { kind: 'resource', name: `${args.type}.${args.name}`, type: args.type, label: args.name, file: args.file, block, header: args.header, body: args.body };
}
