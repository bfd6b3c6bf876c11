import { Unknown } from '../../graph/values.js';

/**
 * A reference to an attribute of another resource whose value is known only
 * once that resource exists: Terraform's `aws_subnet.private[0].id` (known
 * after apply), a plan's unknown value traced to its configuration
 * expression, CloudFormation's `!Ref Subnet` / `!GetAtt Db.Endpoint.Address`.
 * It is unknown for every computation, but it keeps its identity so each
 * source's linker can turn it into a graph edge (a service's subnets, a route
 * through a NAT gateway).
 */
export class ResourceRef extends Unknown {
  constructor(
    /** Full instance address including module path: `module.net.aws_subnet.private[0]`. */
    readonly address: string,
    /** Attribute path after the instance: `id`, `arn`. */
    readonly attribute: string,
  ) {
    super(`${address}.${attribute} is known only after apply`);
  }
}
