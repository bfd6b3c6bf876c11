/**
 * Circuit breakers for Regions that do not answer.
 *
 * Without them a hung Region costs every chain of every account its full
 * retry budget (attempts × request timeout). Two levels, both counting timed
 * out HTTP attempts (not calls, so a breaker can open while the SDK is still
 * retrying and cut the retries short):
 *
 * - account × Region: opens after `threshold` consecutive timed-out attempts
 *   there; any answer (even an error answer) in that scope resets the count.
 * - Region: opens once `threshold` account × Regions of it have opened with
 *   no answer from that Region in between; one unanswering account (a broken
 *   VPC endpoint, a slow account) does not close the Region for the others.
 *
 * Once open, a breaker stays open for the rest of the scan: attempts in its
 * scope fail at once with `CircuitOpenError`, which the collector records as
 * "not assessed" (errors.ts treats it as Region-level). Only the member
 * account families pass through a breaker; STS and Organizations calls are
 * the caller's and are never short-circuited.
 */

/** Error codes that mean "the attempt got no answer in time". */
const TIMEOUT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT']);

export function isTimeoutCode(code: string): boolean {
  return TIMEOUT_CODES.has(code);
}

/** Thrown instead of sending an attempt into an open breaker's scope. Not retryable (no `$metadata`, not transient). */
export class CircuitOpenError extends Error {
  constructor(
    readonly accountId: string,
    readonly region: string,
    readonly level: 'region' | 'account-region',
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'CircuitOpen';
  }
}

interface ScopeState {
  consecutive: number;
  open: boolean;
}

export interface BreakerEvent {
  level: 'region' | 'account-region';
  accountId?: string;
  region: string;
}

export class RegionBreakers {
  private readonly scopes = new Map<string, ScopeState>();
  /** Region → account × Region scopes that opened since the Region last answered. */
  private readonly openedSinceAnswer = new Map<string, Set<string>>();
  private readonly openRegions = new Map<string, string>();

  /**
   * @param threshold consecutive timed-out attempts that open an account × Region, and opened account × Regions (without an
   *   answer in between) that open a Region. Infinity disables the breakers.
   */
  constructor(
    readonly threshold: number,
    private readonly onOpen?: (e: BreakerEvent) => void,
  ) {
    if (!(threshold >= 1)) throw new RangeError(`breaker threshold must be at least 1, got ${threshold}`);
  }

  /** Throws CircuitOpenError when the scope may not be sent to. */
  check(accountId: string, region: string): void {
    const why = this.openReason(accountId, region);
    if (why) throw new CircuitOpenError(accountId, region, why.level, why.reason);
  }

  /** Why the scope is short-circuited, or undefined when it may be sent to. */
  openReason(accountId: string, region: string): { level: 'region' | 'account-region'; reason: string } | undefined {
    const regionReason = this.openRegions.get(region);
    if (regionReason) return { level: 'region', reason: regionReason };
    if (this.scopes.get(`${accountId}|${region}`)?.open) {
      return { level: 'account-region', reason: `${this.threshold} consecutive requests to ${region} in account ${accountId} timed out; its remaining calls were not sent` };
    }
    return undefined;
  }

  /** An attempt got an answer (success or an AWS error): the scope and its Region are reachable. */
  answered(accountId: string, region: string): void {
    const s = this.scopes.get(`${accountId}|${region}`);
    if (s && !s.open) s.consecutive = 0;
    this.openedSinceAnswer.delete(region);
  }

  /** An attempt timed out. */
  timedOut(accountId: string, region: string): void {
    const key = `${accountId}|${region}`;
    let s = this.scopes.get(key);
    if (!s) this.scopes.set(key, (s = { consecutive: 0, open: false }));
    if (s.open) return;
    s.consecutive++;
    if (s.consecutive < this.threshold) return;
    s.open = true;
    this.onOpen?.({ level: 'account-region', accountId, region });
    let opened = this.openedSinceAnswer.get(region);
    if (!opened) this.openedSinceAnswer.set(region, (opened = new Set()));
    opened.add(accountId);
    if (opened.size >= this.threshold && !this.openRegions.has(region)) {
      this.openRegions.set(region, `${region} did not answer in ${opened.size} accounts in a row (${this.threshold} timed-out requests each); its remaining calls in every account were not sent`);
      this.onOpen?.({ level: 'region', region });
    }
  }

  /** Regions whose breaker opened, sorted. */
  get regionsOpen(): string[] {
    return [...this.openRegions.keys()].sort();
  }
}
