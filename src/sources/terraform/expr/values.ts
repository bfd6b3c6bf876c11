import { Unknown } from '../../../graph/values.js';

/**
 * An attribute of a managed resource that Terraform knows only after apply
 * (`aws_subnet.private[0].id`). It is unknown for every computation, but it
 * keeps its identity so the Terraform source can turn it into a graph edge
 * (a service's subnets, a route through a NAT gateway).
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

/**
 * Marks an evaluated resource instance object: reading an attribute it does
 * not define yields a ResourceRef instead of an error.
 */
export const RESOURCE_ADDRESS: unique symbol = Symbol('resilint.resourceAddress');

/**
 * Values of the expression language: JSON-like data plus Unknown (and its
 * subclass ResourceRef). Objects may carry RESOURCE_ADDRESS.
 */
export type Value = string | number | boolean | null | Unknown | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
  [RESOURCE_ADDRESS]?: string;
}
