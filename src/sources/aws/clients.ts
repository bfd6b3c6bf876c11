import { BackupClient } from '@aws-sdk/client-backup';
/**
 * Every AWS SDK client the collector uses comes from here.
 *
 * Each client gets two middlewares: a guard (initialize step, once per call)
 * that refuses any command not in actions.ts before it is serialized, and a
 * per-attempt hook (deserialize step, inside the SDK's retry loop) that waits
 * for the family's rate limiter, then for one of the scan's request slots
 * (p-limit: `concurrency` HTTP requests in flight over all accounts and
 * Regions), and counts attempts. Retries, backoff with
 * jitter and timeouts are the SDK's (standard retry mode, NodeHttpHandler
 * with a request deadline).
 */
import { AccountClient } from '@aws-sdk/client-account';
import { Route53Client } from '@aws-sdk/client-route-53';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { RDSClient } from '@aws-sdk/client-rds';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { OpenSearchClient } from '@aws-sdk/client-opensearch';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { MemoryDBClient } from '@aws-sdk/client-memorydb';
import { EFSClient } from '@aws-sdk/client-efs';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import pLimit, { type LimitFunction } from 'p-limit';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { isAllowedOperation, MEMBER_FAMILIES, type Family } from './actions.js';
import { CircuitOpenError, isTimeoutCode, type RegionBreakers } from './breaker.js';
import type { RateLimiters } from './rate-limit.js';

/** Raised before sending a command that is not on the read-only list: a bug in resilint, never an AWS error. */
export class ReadOnlyViolation extends Error {
  constructor(readonly action: string) {
    super(`resilint refuses to send ${action}: not on the read-only operation list (src/sources/aws/actions.ts)`);
    this.name = 'ReadOnlyViolation';
  }
}

export interface OperationStats {
  /** Logical calls (one per command sent, whatever the retries). */
  calls: number;
  /** HTTP attempts (calls + retries). */
  attempts: number;
  /** Calls that failed after the SDK gave up. */
  failures: number;
}

/** What the scan sent: per `family:Operation`, and in-flight peaks. */
export class CallStats {
  readonly byAction = new Map<string, OperationStats>();
  inFlight = 0;
  maxInFlight = 0;
  /** Sum of the durations of every HTTP attempt (ms): the latency the scan had to hide behind concurrency. */
  busyMs = 0;
  /** Calls refused by a breaker before any attempt was sent (breaker.ts). */
  unsent = 0;
  /** Calls that ended in an open breaker (after or without a first attempt). */
  shortCircuited = 0;
  /** Attempts per account × Region scope (`accountId|region`). */
  readonly attemptsByScope = new Map<string, number>();

  private entry(action: string): OperationStats {
    let e = this.byAction.get(action);
    if (!e) this.byAction.set(action, (e = { calls: 0, attempts: 0, failures: 0 }));
    return e;
  }

  call(action: string): void {
    this.entry(action).calls++;
  }

  failure(action: string): void {
    this.entry(action).failures++;
  }

  attempt(action: string, scope: string): void {
    this.entry(action).attempts++;
    this.attemptsByScope.set(scope, (this.attemptsByScope.get(scope) ?? 0) + 1);
  }

  get calls(): number {
    let n = 0;
    for (const e of this.byAction.values()) n += e.calls;
    return n;
  }

  get attempts(): number {
    let n = 0;
    for (const e of this.byAction.values()) n += e.attempts;
    return n;
  }

  /** Attempts beyond the first of every call that was sent. */
  get retries(): number {
    return this.attempts - (this.calls - this.unsent);
  }

  /** Plain summary for reports and the benchmark. */
  toJSON(): { calls: number; attempts: number; retries: number; shortCircuited: number; maxInFlight: number; busyMs: number; byAction: Record<string, OperationStats> } {
    return {
      calls: this.calls,
      attempts: this.attempts,
      retries: this.retries,
      shortCircuited: this.shortCircuited,
      maxInFlight: this.maxInFlight,
      busyMs: Math.round(this.busyMs),
      byAction: Object.fromEntries([...this.byAction.entries()].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}

export interface ClientFactoryOptions {
  limiters: RateLimiters;
  stats: CallStats;
  /** SDK attempts per call, including the first. Default 5. */
  maxAttempts?: number;
  /** Deadline per HTTP attempt (ms). Default 20 000. */
  requestTimeoutMs?: number;
  /** TCP connect timeout (ms). Default 5 000. */
  connectionTimeoutMs?: number;
  /** HTTP requests in flight at once, over every client of the scan. Default 8. */
  maxConcurrentRequests?: number;
  /** Sockets per host. Default 64. */
  maxSockets?: number;
  /** Test seam: replaces the HTTP handler (fault injection). */
  requestHandler?: unknown;
  /** Test seam: merged into every client's configuration (endpoint, credentials, …). */
  clientConfig?: Record<string, unknown>;
  /** Per-family overrides merged after clientConfig (e.g. `{ config: { endpoint } }`). */
  familyConfig?: Partial<Record<Family, Record<string, unknown>>>;
  /** Called for every command the guard sees (allowed or not): `family:Operation`. */
  onCommand?: (action: string) => void;
  /** Short-circuit member-account attempts to Regions that stopped answering (breaker.ts). */
  breakers?: RegionBreakers;
}

export interface ClientScope {
  /** Account the requests are made in (the rate limiter's scope). */
  accountId: string;
  region: string;
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

const CONSTRUCTORS = {
  organizations: OrganizationsClient,
  sts: STSClient,
  ecs: ECSClient,
  'application-autoscaling': ApplicationAutoScalingClient,
  rds: RDSClient,
  ec2: EC2Client,
  config: ConfigServiceClient,
  elasticloadbalancing: ElasticLoadBalancingV2Client,
  autoscaling: AutoScalingClient,
  lambda: LambdaClient,
  dynamodb: DynamoDBClient,
  backup: BackupClient,
  account: AccountClient,
  es: OpenSearchClient,
  kafka: KafkaClient,
  elasticache: ElastiCacheClient,
  memorydb: MemoryDBClient,
  route53: Route53Client,
  elasticfilesystem: EFSClient,
} as const;

type ClientOf<F extends Family> = InstanceType<(typeof CONSTRUCTORS)[F]>;

interface MiddlewareContext {
  commandName?: string;
  /** HTTP attempts this call has sent so far (the SDK shares one context across a call's attempts). */
  resilintAttempts?: number;
}

/**
 * Configuration providers the SDK builds for every client from the environment
 * and the shared config files (AWS_USE_DUALSTACK_ENDPOINT, auth_scheme_preference,
 * …): they depend on the process and the profile, not on the account or the
 * Region, and each new client would walk its env → config-file chains again
 * (a thrown ProviderError per missing link). The first client of a family
 * lends its memoized providers to the next ones. useFipsEndpoint is not among
 * them: the SDK wraps it with a check of the client's own Region.
 */
const SHARED_PROVIDERS = ['authSchemePreference', 'useDualstackEndpoint', 'disableClockSkewCorrection'] as const;

/**
 * Builds SDK clients that share one HTTP handler (one connection pool), the
 * rate limiters and the statistics. Make one per account, Region and family
 * and drop it when done (do not `destroy()` it: that would close the shared
 * pool). Asking again with the same scope object and family gives the same
 * client while the scope lives: a collection unit's collectors share one
 * client per family instead of building (and signing-key deriving) several.
 */
export class ClientFactory {
  readonly handler: unknown;
  /** Bounds HTTP attempts in flight (not calls: a call waiting for its retry backoff holds no slot). */
  private readonly inFlight: LimitFunction;
  /** Clients by scope object (weakly: they go when the unit drops its scope) and family. */
  private readonly byScope = new WeakMap<ClientScope, Map<Family, { accountId: string; region: string; credentials: ClientScope['credentials']; client: unknown }>>();
  /** Per family, the providers of SHARED_PROVIDERS taken from its first client. */
  private readonly sharedProviders = new Map<Family, Record<string, unknown>>();

  constructor(private readonly options: ClientFactoryOptions) {
    this.inFlight = pLimit(options.maxConcurrentRequests ?? 8);
    this.handler =
      options.requestHandler ??
      new NodeHttpHandler({
        connectionTimeout: options.connectionTimeoutMs ?? 5_000,
        requestTimeout: options.requestTimeoutMs ?? 20_000,
        throwOnRequestTimeout: true,
        httpAgent: { keepAlive: true, maxSockets: options.maxSockets ?? 64 },
        httpsAgent: { keepAlive: true, maxSockets: options.maxSockets ?? 64 },
      });
  }

  get stats(): CallStats {
    return this.options.stats;
  }

  get breakers(): RegionBreakers | undefined {
    return this.options.breakers;
  }

  client<F extends Family>(family: F, scope: ClientScope): ClientOf<F> {
    let clients = this.byScope.get(scope);
    const known = clients?.get(family);
    // The same object with other contents (a caller that mutates its scope) gets a new client.
    if (known && known.accountId === scope.accountId && known.region === scope.region && known.credentials === scope.credentials) return known.client as ClientOf<F>;
    const Ctor = CONSTRUCTORS[family] as unknown as new (config: Record<string, unknown>) => ClientOf<F>;
    const client = new Ctor({
      region: scope.region,
      credentials: scope.credentials,
      maxAttempts: this.options.maxAttempts ?? 5,
      retryMode: 'standard',
      requestHandler: this.handler,
      ...this.sharedProviders.get(family),
      // Explicit settings of the caller win over the lent providers, as they won over the SDK's own.
      ...this.options.clientConfig,
      ...this.options.familyConfig?.[family],
    });
    if (!this.sharedProviders.has(family)) {
      const config = (client as unknown as { config: Record<string, unknown> }).config;
      this.sharedProviders.set(family, Object.fromEntries(SHARED_PROVIDERS.filter((k) => typeof config[k] === 'function').map((k) => [k, config[k]])));
    }
    this.instrument(client as unknown as Instrumentable, family, scope);
    if (!clients) this.byScope.set(scope, (clients = new Map()));
    clients.set(family, { accountId: scope.accountId, region: scope.region, credentials: scope.credentials, client });
    return client;
  }

  /** Closes the shared connection pool (end of scan). */
  destroy(): void {
    const h = this.handler as { destroy?: () => void };
    if (!this.options.requestHandler) h.destroy?.();
  }

  private instrument(client: Instrumentable, family: Family, scope: ClientScope): void {
    const { stats, limiters, onCommand } = this.options;
    // The caller's own calls (STS, Organizations, Config) are never short-circuited: they are not a member Region's;
    // nor is the Account API, whose endpoint is global.
    const breakers = MEMBER_FAMILIES.includes(family) && family !== 'account' ? this.options.breakers : undefined;
    const inFlight = this.inFlight;
    const limiterScope = family === 'organizations' || family === 'sts' ? scope.accountId : `${scope.accountId}|${scope.region}`;
    const statsScope = `${scope.accountId}|${scope.region}`;
    const actionOf = (context: MiddlewareContext) => `${family}:${String(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
    client.middlewareStack.add(
      (next: Handler, context: MiddlewareContext) => async (args: unknown) => {
        const action = actionOf(context);
        onCommand?.(action);
        if (!isAllowedOperation(family, action.slice(family.length + 1))) throw new ReadOnlyViolation(action);
        stats.call(action);
        context.resilintAttempts = 0;
        try {
          return await next(args);
        } catch (e) {
          stats.failure(action);
          if (e instanceof CircuitOpenError) {
            stats.shortCircuited++;
            if (context.resilintAttempts === 0) stats.unsent++;
          }
          throw e;
        }
      },
      { step: 'initialize', name: 'resilintReadOnlyGuard', priority: 'high' },
    );
    client.middlewareStack.add(
      (next: Handler, context: MiddlewareContext) => async (args: unknown) => {
        breakers?.check(scope.accountId, scope.region);
        await limiters.acquire(family, limiterScope);
        return inFlight(async () => {
          // Checked again: the breaker may have opened while this attempt waited for a slot.
          breakers?.check(scope.accountId, scope.region);
          context.resilintAttempts = (context.resilintAttempts ?? 0) + 1;
          stats.attempt(actionOf(context), statsScope);
          stats.inFlight++;
          if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
          const t0 = performance.now();
          try {
            const out = await next(args);
            breakers?.answered(scope.accountId, scope.region);
            return out;
          } catch (e) {
            if (breakers) {
              if (isTimeoutCode(attemptErrorCode(e))) breakers.timedOut(scope.accountId, scope.region);
              else if (answeredOverHttp(e)) breakers.answered(scope.accountId, scope.region);
            }
            throw e;
          } finally {
            stats.inFlight--;
            stats.busyMs += performance.now() - t0;
          }
        });
      },
      { step: 'deserialize', name: 'resilintAttempt', priority: 'high' },
    );
  }
}

/** The name or Node code of an attempt's error (errors.ts classifies calls; this only needs to spot timeouts). */
function attemptErrorCode(e: unknown): string {
  const o = (e ?? {}) as { name?: unknown; code?: unknown };
  if (typeof o.code === 'string' && o.code.startsWith('E')) return o.code;
  return typeof o.name === 'string' ? o.name : '';
}

/** An AWS error answer (it has an HTTP status): the Region is there, whatever it said. */
function answeredOverHttp(e: unknown): boolean {
  return typeof (e as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode === 'number';
}

type Handler = (args: unknown) => Promise<unknown>;
interface Instrumentable {
  middlewareStack: {
    add(middleware: (next: Handler, context: MiddlewareContext) => Handler, options: { step: string; name: string; priority: string }): void;
  };
}
