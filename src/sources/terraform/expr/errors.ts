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
