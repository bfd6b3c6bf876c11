/**
 * Credentials per member account: assumed once, shared by every Region and
 * client of that account, and assumed again before they expire on long runs.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

export type TemporaryCredentials = AwsCredentialIdentity & { expiration?: Date };

/** Assumes the scanning role in an account. Rejects with the AWS error (AccessDenied, …). */
export type AssumeRoleFn = (accountId: string) => Promise<TemporaryCredentials>;

export interface CredentialCacheOptions {
  /** Refresh when fewer than this many ms of validity remain. Default 5 minutes. */
  refreshMarginMs?: number;
  /** Clock (ms since epoch). Tests move it forward instead of waiting. */
  now?: () => number;
}

interface Entry {
  promise: Promise<TemporaryCredentials>;
  /** Settled value, once known. */
  value?: TemporaryCredentials;
  failed?: boolean;
}

export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly margin: number;
  private readonly now: () => number;
  /** AssumeRole calls made, per account (refreshes included). */
  readonly assumed = new Map<string, number>();

  constructor(
    private readonly assume: AssumeRoleFn,
    options: CredentialCacheOptions = {},
  ) {
    this.margin = options.refreshMarginMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Valid credentials for the account. Concurrent callers share one
   * AssumeRole; a failure is remembered (the account is not assessed, and
   * its other Regions must not hammer STS with the same denied call).
   */
  get(accountId: string): Promise<TemporaryCredentials> {
    const e = this.entries.get(accountId);
    if (e && (e.failed || !e.value || !this.stale(e.value))) return e.promise;
    return this.start(accountId);
  }

  /** An SDK credential provider for the account (clients call it when they need to sign). */
  provider(accountId: string): AwsCredentialIdentityProvider {
    return () => this.get(accountId);
  }

  private stale(c: TemporaryCredentials): boolean {
    return c.expiration !== undefined && c.expiration.getTime() - this.now() < this.margin;
  }

  private start(accountId: string): Promise<TemporaryCredentials> {
    this.assumed.set(accountId, (this.assumed.get(accountId) ?? 0) + 1);
    const entry: Entry = { promise: this.assume(accountId) };
    entry.promise.then(
      (v) => {
        entry.value = v;
      },
      () => {
        entry.failed = true;
      },
    );
    this.entries.set(accountId, entry);
    return entry.promise;
  }
}
