/**
 * HTTP for module downloads: every request has its own timeout and also
 * stops when the scan's overall download budget runs out, bodies are read up
 * to a size limit, redirects are followed by hand so a registry token is only
 * ever sent to the host it belongs to.
 */

export class FetchError extends Error {
  constructor(
    message: string,
    /** HTTP status when the server answered. */
    readonly status?: number,
    readonly code: 'http' | 'timeout' | 'budget' | 'too-large' | 'network' = 'http',
  ) {
    super(message);
  }
}

export interface HttpContext {
  requestTimeoutMs: number;
  /** Aborted when the overall download budget is spent. */
  budget: AbortSignal;
  /** Bearer token for a host (Terraform's `TF_TOKEN_<host>`), if any. */
  tokenFor(host: string): string | undefined;
  /** Counted for tests and diagnostics. */
  onRequest?: (url: string) => void;
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
}

const MAX_REDIRECTS = 5;

const NETWORK_ERRORS: Record<string, string> = {
  ENOTFOUND: 'host not found (no DNS or no network?)',
  EAI_AGAIN: 'host name lookup failed (no DNS or no network?)',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENETUNREACH: 'network unreachable',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed by the server',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate cannot be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host',
};

function describe(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  u.search = '';
  return u.toString();
}

/** GET `url`; the body is read up to `maxBytes`. Throws FetchError with a one-line reason. */
export async function httpGet(ctx: HttpContext, url: string, maxBytes: number, accept?: string): Promise<HttpResponse> {
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const u = new URL(current);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new FetchError(`${describe(current)}: only http and https URLs can be fetched`, undefined, 'network');
    const headers: Record<string, string> = { 'user-agent': 'resilint' };
    if (accept) headers.accept = accept;
    const token = ctx.tokenFor(u.host);
    if (token) headers.authorization = `Bearer ${token}`;
    if (ctx.budget.aborted) throw new FetchError('the overall module download budget is spent', undefined, 'budget');
    const timeout = AbortSignal.timeout(ctx.requestTimeoutMs);
    const signal = AbortSignal.any([timeout, ctx.budget]);
    ctx.onRequest?.(current);
    try {
      const res = await fetch(current, { headers, redirect: 'manual', signal });
      if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
        await res.body?.cancel();
        current = new URL(res.headers.get('location')!, current).toString();
        continue;
      }
      const body = await readLimited(res, maxBytes, describe(current));
      return { url: current, status: res.status, headers: res.headers, body };
    } catch (e) {
      if (e instanceof FetchError) throw e;
      if (ctx.budget.aborted) throw new FetchError(`${describe(current)}: the overall module download budget is spent`, undefined, 'budget');
      if (timeout.aborted) throw new FetchError(`${describe(current)}: no answer within ${ctx.requestTimeoutMs} ms`, undefined, 'timeout');
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const code = cause?.code;
      const reason = code && NETWORK_ERRORS[code] ? `${NETWORK_ERRORS[code]} (${code})` : (code ?? cause?.message ?? (e as Error).message);
      throw new FetchError(`${describe(current)}: ${reason}`, undefined, 'network');
    }
  }
  throw new FetchError(`${describe(url)}: more than ${MAX_REDIRECTS} redirects`, undefined, 'network');
}

async function readLimited(res: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new FetchError(`${what}: response of ${declared} bytes is over the ${maxBytes}-byte limit`, res.status, 'too-large');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > maxBytes) {
        throw new FetchError(`${what}: response is over the ${maxBytes}-byte limit`, res.status, 'too-large');
      }
      chunks.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(chunks);
}

/** `TF_TOKEN_<host>`: dots as `_`, hyphens as `__` (Terraform's convention); the raw name is tried too. */
export function tokenFromEnv(env: NodeJS.ProcessEnv, host: string): string | undefined {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  const names = [`TF_TOKEN_${h.replace(/-/g, '__').replace(/\./g, '_')}`, `TF_TOKEN_${h.replace(/\./g, '_')}`];
  for (const n of names) {
    for (const [k, v] of Object.entries(env)) if (k.toLowerCase() === n.toLowerCase() && v) return v;
  }
  return undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * `--registry-host host=URL`: where `host`'s service discovery is read from.
 * https to anywhere; plain http only to a loopback address (a test registry
 * or a local mirror), never across a network.
 */
export function parseRegistryHost(spec: string): { host: string; baseUrl: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`--registry-host expects HOST=URL, got '${spec}'`);
  const host = spec.slice(0, eq).trim().toLowerCase();
  const raw = spec.slice(eq + 1).trim();
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--registry-host ${host}: '${raw}' is not a URL`);
  }
  if (u.protocol === 'http:' && !LOOPBACK.test(u.hostname)) throw new Error(`--registry-host ${host}: plain http is allowed only to a loopback address (127.0.0.1, ::1, localhost), got ${u.host}`);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--registry-host ${host}: URL must be http(s), got ${u.protocol}`);
  if (u.username || u.password) throw new Error(`--registry-host ${host}: put credentials in TF_TOKEN_<host>, not in the URL`);
  return { host, baseUrl: u.toString().replace(/\/+$/, '') };
}
