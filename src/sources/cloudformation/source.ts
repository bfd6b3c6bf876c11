/**
 * The CloudFormation source as the scan registers it: JSON, YAML and
 * `.template` files, templates recognised by content. `--cfn-param` values no
 * template accepts are the request's mistake (usage error, exit 2).
 */
import type { Source } from '../types.js';
import { scanCloudFormation } from './index.js';

export const cloudFormationSource: Source = {
  name: 'cloudformation',
  reads: 'CloudFormation template',
  accepts: (file) => /\.(json|ya?ml|template)$/i.test(file),
  async scan(ctx) {
    const out = await scanCloudFormation({
      root: ctx.root,
      files: ctx.files,
      parameters: ctx.options.cfnParameters,
      parameterFiles: ctx.options.cfnParameterFiles,
      region: ctx.options.region,
      accountId: ctx.options.accountId,
      availabilityZones: ctx.availabilityZones,
      limits: ctx.limits,
    });
    return { ...out, usageProblems: [...(out.usageProblems ?? []), ...out.parameterProblems] };
  },
};
