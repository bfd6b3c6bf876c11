/**
 * A synthetic AWS endpoint for organisation benchmarks at sizes moto cannot
 * seed (thousands of accounts): one loopback HTTP server that
 *
 * - in `record` mode forwards every request to moto and remembers, per
 *   (Region, service, action, URL, body), the answers for ONE template
 *   account (its account id normalised out of the key and the answer);
 * - in `replay` mode answers the Organizations calls (DescribeOrganization,
 *   ListRoots, ListOrganizationalUnitsForParent, ListAccounts,
 *   ListAccountsForParent, ListParents, ListTagsForResource) and STS
 *   (AssumeRole, GetCallerIdentity) itself for `accounts` synthetic member
 *   accounts, and every other call from the template recording with the
 *   caller's account id put back in. A call that was not recorded is
 *   forwarded to moto and counted (`misses`): a benchmark should see none.
 *
 * Every member account thus looks like the template account: the scan of N
 * synthetic accounts reads N times the template's answers. Resource ids
 * (`subnet-…`, `sg-…`, `vpc-…`: unique in AWS) are made unique per account
 * by an involution (each hex digit XOR a key from the account id), applied
 * to answers and undone on requests. An optional latency is added to every
 * call, and an optional padding to every replayed answer (`padBytes`: an
 * unknown member the SDK's deserializers read and drop), so that bytes read
 * can grow while what the scanner keeps stays the same.
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../test/support/aws/fault-proxy.js';

export interface SyntheticOrgOptions {
  /** moto's endpoint (record mode, and misses). */
  upstream: string;
  /** The moto account whose answers every synthetic account gets. */
  templateAccount: string;
  /** The management account (the caller with the `testing` keys). */
  managementAccount: string;
}

const DEPARTMENTS = ['common', 'sales', 'mfg', 'logistics', 'finance'];
const ENVS = ['prod', 'staging', 'dev', 'test'];
const ROLES = ['app', 'db', 'api', 'batch', 'analytics', 'auth'];
const PAGE = 20;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Member {
  id: string;
  name: string;
  ou: string;
  tags: Record<string, string>;
}

export class SyntheticOrg {
  mode: 'record' | 'replay' = 'record';
  latencyMs = 0;
  /** Bytes of filler added to every replayed answer (0: none). */
  padBytes = 0;
  /** Requests answered, and those not in the recording (forwarded). */
  requests = 0;
  misses = 0;
  /** Misses by `service:Action` (what the recording lacked). */
  readonly missed = new Map<string, number>();
  /** Bytes of the answers served (what the scanner read). */
  bytesServed = 0;
  private readonly recorded = new Map<string, Answer>();
  /** Access key → account, learned from AssumeRole answers. */
  private readonly keyAccounts = new Map<string, string>();
  private members: Member[] = [];
  private readonly byId = new Map<string, Member>();
  private server!: Server;
  endpoint = '';

  private constructor(private readonly o: SyntheticOrgOptions) {}

  static async start(o: SyntheticOrgOptions): Promise<SyntheticOrg> {
    const s = new SyntheticOrg(o);
    s.server = createServer((req, res) => {
      s.handle(req, res).catch((e: unknown) => {
        res.writeHead(500);
        res.end(String(e));
      });
    });
    s.server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', () => r()));
    s.endpoint = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** N member accounts named technova-<dept>-<env>-<role>-<i>, in one OU per department; prod app accounts tagged critical. */
  setAccounts(n: number): void {
    this.members = [];
    this.byId.clear();
    for (let i = 0; i < n; i++) {
      const d = DEPARTMENTS[i % DEPARTMENTS.length];
      const e = ENVS[Math.floor(i / DEPARTMENTS.length) % ENVS.length];
      const r = ROLES[Math.floor(i / (DEPARTMENTS.length * ENVS.length)) % ROLES.length];
      const id = String(200_000_000_000 + i).padStart(12, '0');
      const tags: Record<string, string> = { env: e, department: d, role: r };
      if (e === 'prod' && r === 'app') tags['availability-tier'] = 'critical';
      const m = { id, name: `technova-${d}-${e}-${r}-${i}`, ou: `ou-synt-${d}`, tags };
      this.members.push(m);
      this.byId.set(id, m);
    }
  }

  recordedAnswers(): number {
    return this.recorded.size;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)).toString('utf8');
    this.requests++;
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    const auth = String(req.headers.authorization ?? '');
    const m = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(auth);
    const [accessKey, region, service] = [m?.[1] ?? '', m?.[2] ?? '', m?.[3] ?? ''];
    const target = req.headers['x-amz-target'];
    const action = typeof target === 'string' ? target.slice(target.lastIndexOf('.') + 1) : (new URLSearchParams(body).get('Action') ?? '');

    if (this.mode === 'replay') {
      if (service === 'organizations') return this.send(res, this.organizations(action, body));
      if (service === 'sts') return this.send(res, this.sts(action, body, accessKey));
    }
    const account = this.keyAccounts.get(accessKey) ?? /^ASIA(\d{12})/.exec(accessKey)?.[1];
    const key = `${region}|${service}|${action}|${req.method}|${this.normalise(req.url ?? '', account)}|${this.normalise(body, account)}`;
    if (this.mode === 'replay') {
      const hit = this.recorded.get(key);
      if (hit) return this.send(res, { ...hit, body: pad(this.personalise(hit.body, account), this.padBytes) });
      this.misses++;
      this.missed.set(`${service}:${action}`, (this.missed.get(`${service}:${action}`) ?? 0) + 1);
    }
    const answer = await this.forward(req, body);
    if (this.mode === 'record') {
      if (action === 'AssumeRole') {
        const k = /<AccessKeyId>([^<]+)</.exec(answer.body)?.[1];
        const a = /arn:[^:]+:iam::(\d{12}):role\//.exec(decodeURIComponent(new URLSearchParams(body).get('RoleArn') ?? ''))?.[1];
        if (k && a) this.keyAccounts.set(k, a);
      } else if (account === this.o.templateAccount && answer.status === 200) {
        this.recorded.set(key, { ...answer, body: answer.body });
      }
    }
    this.send(res, answer);
  }

  /** Synthetic account → template account, in a request (the same involution on ids as `personalise`). */
  private normalise(text: string, account: string | undefined): string {
    return account && account !== this.o.templateAccount ? scrambleIds(text.split(account).join(this.o.templateAccount), account) : text;
  }

  /** Template account → synthetic account, in an answer. */
  private personalise(text: string, account: string | undefined): string {
    return account && account !== this.o.templateAccount ? scrambleIds(text, account).split(this.o.templateAccount).join(account) : text;
  }

  private send(res: ServerResponse, a: Answer): void {
    const buf = Buffer.from(a.body, 'utf8');
    this.bytesServed += buf.length;
    res.writeHead(a.status, { ...a.headers, 'content-length': String(buf.length) });
    res.end(buf);
  }

  private forward(req: IncomingMessage, body: string): Promise<Answer> {
    const url = new URL(req.url ?? '/', this.o.upstream);
    return new Promise((resolve, reject) => {
      const up = request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string' && !['content-length', 'transfer-encoding', 'connection', 'date', 'server'].includes(k)) headers[k] = v;
          resolve({ status: r.statusCode ?? 500, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        r.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });
  }

  private json(value: unknown): Answer {
    return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(value) };
  }

  private page<T>(items: T[], body: string, field: string): Answer {
    const token = (JSON.parse(body || '{}') as { NextToken?: string }).NextToken;
    const start = token ? Number(token) : 0;
    const end = start + PAGE;
    return this.json({ [field]: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) });
  }

  private account(m: Member): Record<string, unknown> {
    return {
      Id: m.id,
      Arn: `arn:aws:organizations::${this.o.managementAccount}:account/o-synthetic/${m.id}`,
      Email: `${m.name}@example.com`,
      Name: m.name,
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
      JoinedTimestamp: 1_700_000_000,
    };
  }

  private organizations(action: string, body: string): Answer {
    const input = JSON.parse(body || '{}') as { ParentId?: string; ChildId?: string; ResourceId?: string };
    const root = 'r-synt';
    switch (action) {
      case 'DescribeOrganization':
        return this.json({ Organization: { Id: 'o-synthetic', Arn: `arn:aws:organizations::${this.o.managementAccount}:organization/o-synthetic`, FeatureSet: 'ALL', MasterAccountId: this.o.managementAccount } });
      case 'ListRoots':
        return this.json({ Roots: [{ Id: root, Arn: `arn:aws:organizations::${this.o.managementAccount}:root/o-synthetic/${root}`, Name: 'Root', PolicyTypes: [] }] });
      case 'ListOrganizationalUnitsForParent':
        return this.page(input.ParentId === root ? DEPARTMENTS.map((d) => ({ Id: `ou-synt-${d}`, Arn: `arn:aws:organizations::${this.o.managementAccount}:ou/o-synthetic/ou-synt-${d}`, Name: `technova-${d}` })) : [], body, 'OrganizationalUnits');
      case 'ListAccounts':
        return this.page(this.members.map((m) => this.account(m)), body, 'Accounts');
      case 'ListAccountsForParent':
        return this.page(this.members.filter((m) => m.ou === input.ParentId).map((m) => this.account(m)), body, 'Accounts');
      case 'ListParents': {
        const m = this.byId.get(input.ChildId ?? '');
        return this.json({ Parents: [m ? { Id: m.ou, Type: 'ORGANIZATIONAL_UNIT' } : { Id: root, Type: 'ROOT' }] });
      }
      case 'ListTagsForResource':
        return this.json({ Tags: Object.entries(this.byId.get(input.ResourceId ?? '')?.tags ?? {}).map(([Key, Value]) => ({ Key, Value })) });
      default:
        return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'InvalidInputException' }, body: JSON.stringify({ __type: 'InvalidInputException', message: `synthetic organisation: ${action} not served` }) };
    }
  }

  private sts(action: string, body: string, accessKey: string): Answer {
    const xml = (inner: string) => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: `<${action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>synthetic</RequestId></ResponseMetadata></${action}Response>` });
    if (action === 'AssumeRole') {
      const params = new URLSearchParams(body);
      const account = /arn:[^:]+:iam::(\d{12}):role\//.exec(params.get('RoleArn') ?? '')?.[1] ?? this.o.managementAccount;
      const session = params.get('RoleSessionName') ?? 'resilint';
      return xml(
        `<Credentials><AccessKeyId>ASIA${account}SYNT</AccessKeyId><SecretAccessKey>synthetic</SecretAccessKey><SessionToken>synthetic-${account}</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
          `<AssumedRoleUser><AssumedRoleId>AROASYNTHETIC:${session}</AssumedRoleId><Arn>arn:aws:sts::${account}:assumed-role/OrganizationAccountAccessRole/${session}</Arn></AssumedRoleUser>`,
      );
    }
    const account = /^ASIA(\d{12})/.exec(accessKey)?.[1] ?? this.o.managementAccount;
    return xml(`<UserId>AIDASYNTHETIC</UserId><Account>${account}</Account><Arn>arn:aws:iam::${account}:user/synthetic</Arn>`);
  }
}

/**
 * `body` with about `bytes` more of content no AWS model defines: a JSON
 * object gets an extra top-level member, an XML document (query and REST-XML
 * protocols) an extra element before its closing root tag. Both protocols'
 * deserializers read the whole body and keep only modelled members. Anything
 * else (an empty body) is left as is.
 */
export function pad(body: string, bytes: number): string {
  if (bytes <= 0) return body;
  const filler = 'x'.repeat(bytes);
  const text = body.trimEnd();
  if (text.startsWith('{') && text.endsWith('}')) {
    const empty = /^\{\s*$/.test(text.slice(0, -1));
    return `${text.slice(0, -1)}${empty ? '' : ','}"ResilintBenchPadding":"${filler}"}`;
  }
  const close = text.lastIndexOf('</');
  if (text.startsWith('<') && close > 0) return `${text.slice(0, close)}<ResilintBenchPadding>${filler}</ResilintBenchPadding>${text.slice(close)}`;
  return body;
}

/** EC2-style ids: a prefix and 8 or 17 hex digits. */
const ID = /\b((?:vpc|subnet|sg|nat|rtb|igw|eni|i|tgw|tgw-attach|eipalloc|vpce|lt|acl|pcx|cgw|vgw|vpn|fs|fsmt|fsap)-)([0-9a-f]{17}|[0-9a-f]{8})\b/g;

/** Each hex digit of every id XOR a digit of the account id: its own inverse, different per account. */
function scrambleIds(text: string, account: string): string {
  return text.replace(ID, (_m, prefix: string, hex: string) => {
    let out = prefix;
    for (let i = 0; i < hex.length; i++) out += (parseInt(hex[i], 16) ^ (Number(account[(account.length - 1 - (i % account.length))]) + 1)).toString(16);
    return out;
  });
}
