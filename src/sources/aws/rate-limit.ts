/**
 * Client-side request rates, kept under AWS's published throttling rates so
 * that a nightly audit does not eat the quota the account's own workloads and
 * deploy pipelines need (AWS counts every caller's requests in the same
 * bucket). SDK retries with backoff still handle throttling that happens
 * anyway; this keeps it rare.
 */
import type { Family } from './actions.js';

export interface Rate {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests that may go out at once after a quiet period (the bucket size). */
  burst: number;
}

/**
 * Defaults: about half of what AWS allows, per account and Region (the scope
 * AWS throttles at).
 *
 * - ECS: throttled per account and Region with a token bucket; the Describe*
 *   and List* actions have a sustained rate of 20 requests/s.
 *   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
 * - RDS: "up to 300 requests in a burst and a sustained 12 requests per
 *   second" across the RDS API, per account and Region.
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html
 * - EC2: non-mutating (Describe*) actions have a bucket of 100 tokens
 *   refilled at 20/s, per action, account and Region.
 *   https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
 * - Application Auto Scaling, Organizations, STS, Config, Elastic Load
 *   Balancing: no per-action rate
 *   published for these reads; conservative values. Organizations and STS
 *   calls all come from the caller's account, so their bucket is shared by
 *   the whole scan.
 */
export const DEFAULT_RATES: Readonly<Record<Family, Rate>> = {
  ecs: { perSecond: 10, burst: 20 },
  rds: { perSecond: 6, burst: 20 },
  ec2: { perSecond: 10, burst: 20 },
  'application-autoscaling': { perSecond: 5, burst: 10 },
  organizations: { perSecond: 10, burst: 20 },
  sts: { perSecond: 20, burst: 40 },
  config: { perSecond: 5, burst: 10 },
  elasticloadbalancing: { perSecond: 5, burst: 10 },
  // EC2 Auto Scaling and Lambda publish no rate for these reads: conservative values, per account and Region.
  autoscaling: { perSecond: 5, burst: 10 },
  lambda: { perSecond: 5, burst: 10 },
  // DynamoDB control plane reads: no per-action rate published for these; conservative.
  dynamodb: { perSecond: 5, burst: 10 },
  // AWS Backup: no per-action rate published for these reads; conservative.
  backup: { perSecond: 5, burst: 10 },
  // Amazon EFS: no rate published for these reads; conservative, as the other control planes.
  elasticfilesystem: { perSecond: 5, burst: 10 },
  // account:ListRegions: one call per account per scan.
  account: { perSecond: 5, burst: 10 },
  // OpenSearch Service and MSK control plane reads: no per-action rate published; conservative.
  es: { perSecond: 5, burst: 10 },
  kafka: { perSecond: 5, burst: 10 },
  // ElastiCache and MemoryDB: no per-action rate published for these reads; conservative.
  elasticache: { perSecond: 5, burst: 10 },
  memorydb: { perSecond: 5, burst: 10 },
  // Route 53: 5 requests a second per account (all its APIs together); one unit per account calls it (collect-route53.ts).
  route53: { perSecond: 4, burst: 5 },
};

/** A token bucket; `acquire` resolves when a token is available, first come first served. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly rate: Rate,
    private readonly now: () => number = Date.now,
  ) {
    if (!(rate.perSecond > 0) || !(rate.burst >= 1)) throw new Error(`invalid rate ${JSON.stringify(rate)}`);
    this.tokens = rate.burst;
    this.last = now();
  }

  private refill(): void {
    const t = this.now();
    if (t > this.last) {
      this.tokens = Math.min(this.rate.burst, this.tokens + ((t - this.last) / 1000) * this.rate.perSecond);
      this.last = t;
    }
  }

  acquire(): Promise<void> {
    this.refill();
    if (this.waiters.length === 0 && this.tokens >= 1) {
      this.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.waiters.length === 0) return;
    const wait = Math.max(1, Math.ceil(((1 - this.tokens) / this.rate.perSecond) * 1000));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refill();
      while (this.waiters.length > 0 && this.tokens >= 1) {
        this.tokens -= 1;
        this.waiters.shift()!();
      }
      this.schedule();
    }, wait);
  }
}

/** One bucket per family and scope (account × Region, or the caller for global families). */
export class RateLimiters {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly rates: Record<Family, Rate>;

  constructor(overrides: Partial<Record<Family, Rate>> = {}, private readonly now: () => number = Date.now) {
    this.rates = { ...DEFAULT_RATES, ...overrides };
  }

  acquire(family: Family, scope: string): Promise<void> {
    const key = `${family}\u0000${scope}`;
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new TokenBucket(this.rates[family], this.now)));
    return b.acquire();
  }
}
