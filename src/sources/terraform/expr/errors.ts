import { DEFAULT_LIMITS, limitHint } from '../../common/limits.js';
import type { Unknown } from '../../../graph/values.js';
import { plain } from './convert.js';

/** A function failed on its arguments: wrong type ('type') or a value it cannot handle ('function'). */
export class FunctionError extends Error {
  constructor(
    readonly kind: 'type' | 'function',
    message: string,
  ) {
    super(message);
  }
}

/** Thrown from deep inside a function to make its result unknown. */
export class UnknownResult {
  readonly value: Unknown;
  constructor(u: Unknown) {
    this.value = plain(u);
  }
}

export function fail(message: string): never {
  throw new FunctionError('function', message);
}

export function typeError(message: string): never {
  throw new FunctionError('type', message);
}

export function unknownResult(u: Unknown): never {
  throw new UnknownResult(u);
}

/**
 * Values one top-level expression may build (for expressions, setproduct,
 * concat, flatten, …), counted across the whole expression so that nesting
 * cannot multiply past it: the maxCollectionSize limit (docs/limits.md).
 */
let built = 0;
let budget = DEFAULT_LIMITS.maxCollectionSize;

export function resetBuildBudget(max: number): void {
  built = 0;
  budget = max;
}

/** Account for `n` values about to be built; fail before building them when over the limit. */
export function charge(n: number): void {
  built += n;
  if (built > budget) fail(`builds more than ${budget.toLocaleString('en-US')} values, ${limitHint('maxCollectionSize', budget)}`);
}
