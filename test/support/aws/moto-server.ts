/**
 * moto_server for the organisation tests and benchmark: a free loopback
 * port, `moto_server -p PORT` (fallback `python3 -m moto.server`), wait until
 * it answers, stop by PID. Plus the environment the SDK reads (endpoint and
 * fake credentials).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface MotoServer {
  /**
   * Where the SDK should send requests: a fault proxy (no faults) in front of
   * moto that answers the few calls moto 5.2 lacks (test/support/aws/fault-proxy.ts:
   * elasticache:DescribeServerlessCaches, MemoryDB outside moto's Regions),
   * as an account without such resources would.
   */
  endpoint: string;
  /** moto itself. */
  motoEndpoint: string;
  port: number;
  pid: number;
  /** POST /moto-api/… (reset, state manager). */
  api(path: string, body?: unknown): Promise<number>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function launch(cmd: string, args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MOTO_ENABLE_ISO_REGIONS: 'false', MOTO_EC2_LOAD_DEFAULT_AMIS: 'false' } });
    child.once('error', reject);
    child.once('spawn', () => resolve(child));
  });
}

export async function startMoto(options: { timeoutMs?: number } = {}): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  try {
    child = await launch('moto_server', ['-H', '127.0.0.1', '-p', String(port)]);
  } catch {
    child = await launch('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)]);
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await answers(endpoint))) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto_server did not answer on ${endpoint}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid!;
  // Imported here: the proxy module imports this one (MOTO_ACCOUNT).
  const { FaultProxy } = await import('./fault-proxy.js');
  const front = await FaultProxy.start(endpoint);
  return {
    endpoint: front.endpoint,
    motoEndpoint: endpoint,
    port,
    pid,
    async api(path, body) {
      const res = await fetch(`${endpoint}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      await res.arrayBuffer();
      return res.status;
    },
    async stop() {
      await front.stop();
      return new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(() => process.kill(pid, 'SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        process.kill(pid, 'SIGTERM');
      });
    },
  };
}

/** Sets the variables the SDK reads; returns a function that restores the previous values. */
export function useAwsEnv(endpoint: string, region = 'ap-northeast-1'): () => void {
  const vars: Record<string, string | undefined> = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_SESSION_TOKEN: undefined,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_PROFILE: undefined,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** moto's default account: the caller and organisation management account with the `testing` keys. */
export const MOTO_ACCOUNT = '123456789012';
