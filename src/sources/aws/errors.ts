/**
 * AWS errors → what could not be assessed.
 *
 * The SDK has already retried what is retryable (throttling, 5xx, resets,
 * timeouts) by the time an error reaches here; what is left is a fact about
 * coverage. Some errors mean the whole account × Region is out of reach (the
 * endpoint does not answer, the Region is not enabled, the credentials are
 * not accepted there): the collector stops that Region instead of timing out
 * once per API. Others concern one API (AccessDenied on one action, an
 * emulator that lacks it): the collector records it and goes on.
 */
import { ReadOnlyViolation } from './clients.js';

export interface ClassifiedError {
  /** AWS error code (`AccessDenied`, `ThrottlingException`) or Node error code (`ECONNREFUSED`). */
  code: string;
  message: string;
  /** 'region': nothing else in this account × Region will work either. */
  scope: 'region' | 'call';
}

/** Codes after which further calls to the same account × Region are pointless. */
const REGION_LEVEL = new Set([
  'TimeoutError',
  'RequestTimeout',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // Opt-in Region not enabled for the account, or credentials not valid there.
  'OptInRequired',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'AuthFailure',
  'RegionDisabledException',
  'ExpiredToken',
  'ExpiredTokenException',
  // A breaker (breaker.ts) stopped sending to this account × Region or to the whole Region.
  'CircuitOpen',
]);

export function errorCode(e: unknown): string {
  if (!e || typeof e !== 'object') return 'Error';
  const o = e as { name?: unknown; Code?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  // SDK service exceptions carry the AWS code as `name`; Node socket errors carry `code`.
  if (typeof o.name === 'string' && o.name !== 'Error' && o.name !== 'TypeError') return o.name;
  if (typeof o.Code === 'string') return o.Code;
  if (typeof o.code === 'string') return o.code;
  const status = o.$metadata?.httpStatusCode;
  return status ? `HTTP${status}` : 'Error';
}

export function classifyError(e: unknown): ClassifiedError {
  if (e instanceof ReadOnlyViolation) throw e; // a bug, never a coverage gap
  const code = errorCode(e);
  const raw = e instanceof Error ? e.message : String(e);
  const message = raw && raw !== code && raw !== 'UnknownError' ? raw : describeCode(e, code);
  return { code, message: oneLine(message), scope: REGION_LEVEL.has(code) ? 'region' : 'call' };
}

function describeCode(e: unknown, code: string): string {
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
  return status ? `${code} (HTTP ${status})` : code;
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 500 ? `${t.slice(0, 497)}...` : t;
}
