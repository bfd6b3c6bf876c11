/**
 * Limits on what input may make the scanner do (docs/limits.md). Each guards
 * against input that would otherwise hang the scan, exhaust memory or
 * overflow the stack. Every limit is generous for real infrastructure code;
 * hitting one is an input error naming the limit at the place it was hit,
 * the rest of the input is still scanned, and the scan exits 3. All are
 * overridable (`limits:` in the policy file, or `ScanOptions.limits`).
 */
export interface InputLimits {
  /** Bytes of one Terraform, CloudFormation, variables, parameter, policy or baseline file. */
  maxFileBytes: number;
  /** Bytes of one Terraform plan JSON file. */
  maxPlanBytes: number;
  /** Instances of one resource or module call (`count`, `for_each`). */
  maxInstances: number;
  /** Module instances in one root module's tree (diamonds multiply). */
  maxModuleInstances: number;
  /** Module nesting depth (Terraform modules, plan `child_modules`, nested stacks). */
  maxModuleDepth: number;
  /** Elements one Terraform function may build (setproduct, concat, flatten, …). */
  maxCollectionSize: number;
  /** Nesting of brackets and braces in one `.tf` file (checked before hcl2json parses it). */
  maxHclNesting: number;
  /** YAML anchors in one file. */
  maxYamlAnchors: number;
  /** YAML alias expansions in one file (billion laughs). */
  maxYamlAliases: number;
  /** Nesting of CloudFormation conditions and intrinsic functions. */
  maxConditionDepth: number;
  /** Templates one stack tree may load (nested-stack fan-out). */
  maxNestedStacks: number;
}

export const DEFAULT_LIMITS: Readonly<InputLimits> = Object.freeze({
  maxFileBytes: 10 * 1024 * 1024,
  // A scan takes about 4.6 MiB of memory per MiB of plan: this keeps it within 1 GiB (docs/benchmarks.md "Large plans").
  maxPlanBytes: 128 * 1024 * 1024,
  maxInstances: 10_000,
  maxModuleInstances: 10_000,
  maxModuleDepth: 32,
  maxCollectionSize: 1_000_000,
  maxHclNesting: 256,
  maxYamlAnchors: 10_000,
  maxYamlAliases: 10_000,
  maxConditionDepth: 256,
  maxNestedStacks: 1_000,
});

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof InputLimits)[];

/** Defaults with the given overrides (non-numbers and values below 1 are ignored here; the policy schema rejects them). */
export function resolveLimits(overrides?: Partial<InputLimits>): InputLimits {
  const out: InputLimits = { ...DEFAULT_LIMITS };
  for (const k of LIMIT_NAMES) {
    const v = overrides?.[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 1) out[k] = Math.floor(v);
  }
  return out;
}

/**
 * Limits for code that has no options path of its own (Terraform's built-in
 * functions). Evaluation of one root module is synchronous, so setting them
 * around it with `withLimits` is safe even with concurrent scans.
 */
let current: InputLimits = { ...DEFAULT_LIMITS };

export function currentLimits(): Readonly<InputLimits> {
  return current;
}

export function withLimits<T>(limits: InputLimits, fn: () => T): T {
  const saved = current;
  current = limits;
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/** The error suffix every limit message ends with. */
export function limitHint(name: keyof InputLimits, value: number): string {
  return `over the limit of ${value.toLocaleString('en-US')} (${name}; raise it under "limits:" in the policy file)`;
}
