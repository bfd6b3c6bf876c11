/** The Terraform plan JSON source as the scan registers it: `.json` files, plans recognised by content. */
import type { Source } from '../types.js';
import { scanTerraformPlan } from './index.js';

export const terraformPlanSource: Source = {
  name: 'terraform-plan',
  reads: 'Terraform plan JSON',
  accepts: (file) => file.endsWith('.json'),
  scan: (ctx) => scanTerraformPlan({ root: ctx.root, files: ctx.files, limits: ctx.limits }),
};
