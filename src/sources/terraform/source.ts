/**
 * The Terraform HCL source as the scan registers it: `.tf` files. Values for
 * variables no root module declares become warnings here, as Terraform
 * words them ("Value for undeclared variable").
 */
import type { Source, SourceWarning } from '../types.js';
import { scanTerraform, type TerraformSourceOutput } from './index.js';

export const terraformSource: Source = {
  name: 'terraform',
  reads: 'Terraform .tf file',
  accepts: (file) => file.endsWith('.tf'),
  async scan(ctx) {
    const out = await scanTerraform({
      root: ctx.root,
      paths: ctx.paths,
      files: ctx.files,
      vars: ctx.options.vars,
      varFiles: ctx.options.varFiles,
      env: ctx.options.env,
      parseWorkers: ctx.options.parseWorkers,
      downloadModules: ctx.options.downloadModules,
      region: ctx.options.region,
      availabilityZones: ctx.availabilityZones,
      limits: ctx.limits,
    });
    return { ...out, warnings: [...(out.warnings ?? []), ...undeclaredVariableWarnings(out)] };
  },
};

function undeclaredVariableWarnings(out: TerraformSourceOutput): SourceWarning[] {
  return out.undeclaredVariables.map((u) => {
    const at = u.file === '--var' ? `--var ${u.name}` : `${u.file}${u.line ? `:${u.line}${u.column ? `:${u.column}` : ''}` : ''}`;
    return {
      code: 'undeclared-variable',
      message: `${at}: value for undeclared variable '${u.name}': ${out.rootModules.length ? 'no scanned root module declares it' : 'no Terraform root module was scanned'}; it is not used`,
      ...(u.file !== '--var' ? { file: u.file, ...(u.line ? { line: u.line } : {}), ...(u.column ? { column: u.column } : {}) } : {}),
    };
  });
}
