/**
 * A loopback HTTP proxy in front of moto that injects the faults a real
 * organisation scan meets, with the error bodies AWS really sends:
 *
 * - AccessDenied on sts:AssumeRole into chosen accounts (403, STS query XML);
 * - throttling: ThrottlingException (JSON protocols, HTTP 400), Throttling
 *   (RDS/STS query XML, 400), RequestLimitExceeded (EC2, 503);
 * - 5xx: InternalFailure / InternalError / ServiceUnavailable;
 * - connection resets (the socket is destroyed without an answer);
 * - requests that are never answered (a slow or unreachable Region);
 * - fixed latency on every request (the benchmark);
 * - an account's own view of a successful answer (`rewrite`): moto maps AZ
 *   names to AZ IDs the same way in every account, real AWS does not.
 *
 * Random faults hit only the first `maxFaultyAttempt` attempts of a call
 * (the SDK's `amz-sdk-request: attempt=N` header), so every call succeeds
 * eventually and the scanner's retry count must equal the faults injected.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { MOTO_ACCOUNT } from './moto-server.js';
import { mulberry32 } from '../random.js';

export interface RequestInfo {
  /** Signing name from the Authorization header: ecs, rds, ec2, sts, organizations, application-autoscaling, config. */
  service: string;
  region: string;
  action: string;
  accessKey: string;
  /** Account the access key belongs to (learned from AssumeRole responses). */
  accountId?: string;
  attempt: number;
  invocationId?: string;
}

export interface FaultPlan {
  /** Delay added to every request (ms). */
  latencyMs?: number;
  /** Accounts whose role cannot be assumed. */
  denyAssumeRole?: Set<string>;
  throttleRate?: number;
  serverErrorRate?: number;
  resetRate?: number;
  /** Random faults only on attempts 1..N of a call. Default 2. */
  maxFaultyAttempt?: number;
  /** A fixed AWS error for matching requests (AccessDenied on one API, an emulator's NotImplemented). */
  failWith?: (r: RequestInfo) => { status: number; code: string; message: string } | undefined;
  /** Requests never answered (the client's timeout fires). */
  hang?: (r: RequestInfo) => boolean;
  /**
   * 'record': forward and remember every successful answer; 'replay': answer
   * from what was recorded (forward what was not). Replay takes moto's own
   * service time out of latency measurements.
   */
  replay?: 'record' | 'replay';
  /**
   * Rewrites a successful answer's body for matching requests (undefined: as
   * moto answered). E.g. another account's AZ name → AZ ID mapping, which
   * moto does not have (it gives every account the same one).
   */
  rewrite?: (r: RequestInfo, body: string) => string | undefined;
  /** Requests random faults apply to. Default: all. */
  faultable?: (r: RequestInfo) => boolean;
  seed?: number;
}

export interface ProxyCounters {
  requests: number;
  invocations: Set<string>;
  byAction: Map<string, number>;
  throttled: number;
  serverErrors: number;
  resets: number;
  denied: number;
  failed: number;
  hung: number;
  hungInvocations: Set<string>;
  /**
   * Requests the client gave up on before the proxy answered (its request
   * timeout fired on a slow, not a hung, answer: moto on a busy machine).
   * Each is retried by the SDK like an injected fault.
   */
  abandoned: number;
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Protocol = 'json' | 'query' | 'ec2';

export class FaultProxy {
  readonly counters: ProxyCounters = {
    requests: 0,
    invocations: new Set(),
    byAction: new Map(),
    throttled: 0,
    serverErrors: 0,
    resets: 0,
    denied: 0,
    failed: 0,
    hung: 0,
    hungInvocations: new Set(),
    abandoned: 0,
  };
  /** Access key → account, learned from AssumeRole responses. */
  readonly keyAccounts = new Map<string, string>([['testing', MOTO_ACCOUNT]]);
  private random: () => number;
  private readonly hanging = new Set<ServerResponse>();
  private readonly recorded = new Map<string, { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>();
  /** Answers served from the recording. */
  replayed = 0;

  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    private readonly target: string,
    public plan: FaultPlan,
  ) {
    this.random = mulberry32(plan.seed ?? 42);
  }

  static async start(target: string, plan: FaultPlan = {}): Promise<FaultProxy> {
    // The handler needs the proxy, the proxy needs the listening server: assigned once both exist.
    // eslint-disable-next-line prefer-const
    let proxy: FaultProxy | undefined;
    const server = createServer((req, res) => {
      proxy!.handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(502).end();
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    proxy = new FaultProxy(server, `http://127.0.0.1:${port}`, target, plan);
    return proxy;
  }

  setPlan(plan: FaultPlan): void {
    this.plan = plan;
    this.random = mulberry32(plan.seed ?? 42);
  }

  resetCounters(): void {
    Object.assign(this.counters, {
      requests: 0,
      invocations: new Set(),
      byAction: new Map(),
      throttled: 0,
      serverErrors: 0,
      resets: 0,
      denied: 0,
      failed: 0,
      hung: 0,
      hungInvocations: new Set(),
      abandoned: 0,
    });
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private info(req: IncomingMessage, body: Buffer): RequestInfo & { protocol: Protocol; params: URLSearchParams } {
    const auth = String(req.headers.authorization ?? '');
    const m = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(auth);
    const accessKey = m?.[1] ?? '';
    const region = m?.[2] ?? '';
    const service = m?.[3] ?? '';
    const target = req.headers['x-amz-target'];
    const params = new URLSearchParams(target ? '' : body.toString('utf8'));
    // Lambda, AWS Backup and EFS are REST-JSON APIs: the operation is in the method and path, errors are JSON with x-amzn-errortype.
    const restAction =
      service === 'lambda' && req.method === 'GET' && /^\/[\d-]+\/functions\/?(\?|$)/.test(req.url ?? '')
        ? 'ListFunctions'
        : service === 'backup'
          ? backupAction(req.method ?? 'GET', req.url ?? '/')
          : service === 'es' || service === 'kafka'
            ? searchAction(req.method ?? 'GET', req.url ?? '/')
            : service === 'elasticfilesystem'
              ? efsAction(req.method ?? 'GET', req.url ?? '/')
              : undefined;
    const action = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : (restAction ?? params.get('Action') ?? '');
    const attempt = Number(/attempt=(\d+)/.exec(String(req.headers['amz-sdk-request'] ?? ''))?.[1] ?? 1);
    const invocationId = typeof req.headers['amz-sdk-invocation-id'] === 'string' ? req.headers['amz-sdk-invocation-id'] : undefined;
    const protocol: Protocol =
      typeof target === 'string' || service === 'lambda' || service === 'backup' || service === 'es' || service === 'kafka' || service === 'elasticfilesystem' ? 'json' : service === 'ec2' ? 'ec2' : 'query';
    return { service, region, action, accessKey, accountId: this.keyAccounts.get(accessKey), attempt, invocationId, protocol, params };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const info = this.info(req, body);
    const c = this.counters;
    c.requests++;
    // A reset or a hang is the proxy's own doing; any other close before the answer is the client giving up.
    let deliberate = false;
    res.on('close', () => {
      if (!res.writableFinished && !deliberate) c.abandoned++;
    });
    if (info.invocationId) c.invocations.add(info.invocationId);
    const key = `${info.service}:${info.action}`;
    c.byAction.set(key, (c.byAction.get(key) ?? 0) + 1);
    const plan = this.plan;
    if (plan.latencyMs) await new Promise((r) => setTimeout(r, plan.latencyMs));

    if (info.action === 'AssumeRole') {
      const roleAccount = /arn:[^:]+:iam::(\d{12}):role\//.exec(info.params.get('RoleArn') ?? '')?.[1];
      if (roleAccount && plan.denyAssumeRole?.has(roleAccount)) {
        c.denied++;
        return this.error(res, 'query', 403, 'AccessDenied', `User: arn:aws:iam::${MOTO_ACCOUNT}:user/moto is not authorized to perform: sts:AssumeRole on resource: ${info.params.get('RoleArn')}`, 'Sender');
      }
    }
    const fixed = plan.failWith?.(info);
    if (fixed) {
      c.failed++;
      return this.error(res, info.protocol, fixed.status, fixed.code, fixed.message);
    }
    if (plan.hang?.(info)) {
      c.hung++;
      deliberate = true;
      if (info.invocationId) c.hungInvocations.add(info.invocationId);
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return; // never answered: the client's request timeout fires
    }
    const faultable = info.attempt <= (plan.maxFaultyAttempt ?? 2) && (plan.faultable?.(info) ?? true);
    if (faultable) {
      const r = this.random();
      const t = plan.throttleRate ?? 0;
      const s = t + (plan.serverErrorRate ?? 0);
      const x = s + (plan.resetRate ?? 0);
      if (r < t) {
        c.throttled++;
        if (info.protocol === 'ec2') return this.error(res, 'ec2', 503, 'RequestLimitExceeded', 'Request limit exceeded.');
        if (info.protocol === 'query') return this.error(res, 'query', 400, 'Throttling', 'Rate exceeded', 'Sender');
        return this.error(res, 'json', 400, info.service === 'organizations' ? 'TooManyRequestsException' : 'ThrottlingException', 'Rate exceeded');
      }
      if (r < s) {
        c.serverErrors++;
        const unavailable = this.random() < 0.5;
        if (info.protocol === 'ec2') return this.error(res, 'ec2', unavailable ? 503 : 500, unavailable ? 'Unavailable' : 'InternalError', 'An internal error has occurred');
        if (info.protocol === 'query') return this.error(res, 'query', unavailable ? 503 : 500, unavailable ? 'ServiceUnavailable' : 'InternalFailure', 'Service is unavailable', 'Receiver');
        return this.error(res, 'json', unavailable ? 503 : 500, unavailable ? 'ServiceUnavailableException' : 'InternalFailure', 'Service is unavailable');
      }
      if (r < x) {
        c.resets++;
        deliberate = true;
        req.socket.destroy();
        return;
      }
    }
    // moto 5.2 serves MemoryDB in some Regions only (an HTML 404 elsewhere, e.g. ap-northeast-3): the proxy answers there, with nothing.
    if (info.service === 'memorydb' && !MOTO_MEMORYDB_REGIONS.has(info.region)) {
      const empty: Record<string, unknown> = info.action === 'DescribeClusters' ? { Clusters: [] } : info.action === 'DescribeSubnetGroups' ? { SubnetGroups: [] } : { TagList: [] };
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
      res.end(JSON.stringify(empty));
      return;
    }
    // moto 5.2 does not implement elasticache:DescribeServerlessCaches (HTTP 500): the proxy answers it, with no cache.
    if (info.service === 'elasticache' && info.action === 'DescribeServerlessCaches') {
      const ns = 'http://elasticache.amazonaws.com/doc/2015-02-02/';
      res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() });
      res.end(`<DescribeServerlessCachesResponse xmlns="${ns}"><DescribeServerlessCachesResult><ServerlessCaches/></DescribeServerlessCachesResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></DescribeServerlessCachesResponse>`);
      return;
    }
    const recordKey = `${info.accountId ?? info.accessKey}|${info.region}|${info.service}|${info.action}|${req.url}|${body.toString('utf8')}`;
    const hit = plan.replay === 'replay' ? this.recorded.get(recordKey) : undefined;
    if (hit) {
      this.replayed++;
      res.writeHead(hit.status, hit.headers);
      res.end(hit.body);
      return;
    }
    await this.forward(req, body, res, info, plan.replay ? recordKey : undefined);
  }

  private error(res: ServerResponse, protocol: Protocol, status: number, code: string, message: string, type = 'Sender'): void {
    const requestId = randomUUID();
    if (protocol === 'json') {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'x-amzn-errortype': code });
      res.end(JSON.stringify({ __type: code, message }));
    } else if (protocol === 'ec2') {
      res.writeHead(status, { 'content-type': 'text/xml;charset=UTF-8' });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`);
    } else {
      res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
      res.end(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`);
    }
  }

  private forward(req: IncomingMessage, body: Buffer, res: ServerResponse, info: RequestInfo & { params: URLSearchParams }, recordAs?: string): Promise<void> {
    const url = new URL(req.url ?? '/', this.target);
    return new Promise((resolve, reject) => {
      const up = httpRequest(url, { method: req.method, headers: { ...req.headers, host: url.host, 'content-length': String(body.length) } }, (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on('data', (d: Buffer) => chunks.push(d));
        upRes.on('end', () => {
          let out = Buffer.concat(chunks);
          const rewritten = upRes.statusCode === 200 ? this.plan.rewrite?.(info, out.toString('utf8')) : undefined;
          if (rewritten !== undefined) out = Buffer.from(rewritten, 'utf8');
          if (info.action === 'AssumeRole' && upRes.statusCode === 200) {
            const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(out.toString('utf8'))?.[1];
            const account = /arn:[^:]+:iam::(\d{12}):role\//.exec(info.params.get('RoleArn') ?? '')?.[1];
            if (key && account) this.keyAccounts.set(key, account);
          }
          const headers = { ...upRes.headers };
          delete headers['transfer-encoding'];
          delete headers.connection;
          headers['content-length'] = String(out.length);
          if (recordAs && upRes.statusCode === 200) this.recorded.set(recordAs, { status: 200, headers, body: out });
          res.writeHead(upRes.statusCode ?? 502, headers);
          res.end(out);
          resolve();
        });
        upRes.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }
}

/** The AWS Backup (REST-JSON) operation a read request names, by its path. */
/** OpenSearch Service and MSK are REST-JSON too: the reads the collector sends, by method and path. */
function searchAction(method: string, url: string): string {
  const path = url.split('?')[0].replace(/\/+$/, '');
  if (method === 'GET' && /^\/2021-01-01\/domain$/.test(path)) return 'ListDomainNames';
  if (method === 'POST' && /^\/2021-01-01\/opensearch\/domain-info$/.test(path)) return 'DescribeDomains';
  if (method === 'GET' && /^\/2021-01-01\/tags$/.test(path)) return 'ListTags';
  if (method === 'GET' && /^\/api\/v2\/clusters$/.test(path)) return 'ListClustersV2';
  if (method === 'GET' && /^\/v1\/configurations\/.+\/revisions\/\d+$/.test(path)) return 'DescribeConfigurationRevision';
  return `${method} ${path}`;
}
/** Regions where moto 5.2 serves MemoryDB (the Regions its backend lists for the service). */
const MOTO_MEMORYDB_REGIONS = new Set(['ap-northeast-1', 'us-east-1']);
/** EFS read operations by path (GET /2015-02-01/…). */
function efsAction(method: string, url: string): string {
  const path = url.split('?')[0].replace(/\/+$/, '');
  if (method !== 'GET') return `${method} ${path}`;
  if (/\/file-systems$/.test(path)) return 'DescribeFileSystems';
  if (/\/file-systems\/[^/]+\/backup-policy$/.test(path)) return 'DescribeBackupPolicy';
  if (/\/mount-targets$/.test(path)) return 'DescribeMountTargets';
  if (/\/access-points$/.test(path)) return 'DescribeAccessPoints';
  return `GET ${path}`;
}

function backupAction(method: string, url: string): string {
  const path = url.split('?')[0].replace(/\/+$/, '');
  if (method !== 'GET') return `${method} ${path}`;
  if (/^\/backup\/plans$/.test(path)) return 'ListBackupPlans';
  if (/^\/backup\/plans\/[^/]+\/selections$/.test(path)) return 'ListBackupSelections';
  if (/^\/backup\/plans\/[^/]+\/selections\/[^/]+$/.test(path)) return 'GetBackupSelection';
  if (/^\/backup\/plans\/[^/]+$/.test(path)) return 'GetBackupPlan';
  return `GET ${path}`;
}
