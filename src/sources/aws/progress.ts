/**
 * Progress of an organisation scan for people watching it: a cli-progress
 * bar on a terminal, plain periodic lines otherwise (CI logs, cron mail),
 * always on the stream the caller gives (stderr, so stdout stays the report).
 */
import cliProgress from 'cli-progress';

export interface OrgProgress {
  /** Accounts finished (all their Regions), including those that could not be assessed. */
  done: number;
  total: number;
  /** Account (or query) being worked on. */
  current?: string;
  /** Coverage gaps so far. */
  errors: number;
}

export interface ProgressRenderer {
  /** Pass as `onProgress`. */
  update: (p: OrgProgress) => void;
  /** Final line / bar; call once when the scan ends. */
  stop: () => void;
}

export interface ProgressRendererOptions {
  stream: NodeJS.WritableStream;
  /** Whether the stream is a terminal (the CLI passes `process.stderr.isTTY`). */
  isTTY: boolean;
  /** Minimum time between plain lines. Default 10 s. */
  intervalMs?: number;
  /** What is counted. Default 'accounts'. */
  label?: string;
  now?: () => number;
}

export function createProgressRenderer(o: ProgressRendererOptions): ProgressRenderer {
  return o.isTTY ? barRenderer(o) : lineRenderer(o);
}

function barRenderer(o: ProgressRendererOptions): ProgressRenderer {
  const label = o.label ?? 'accounts';
  const bar = new cliProgress.SingleBar(
    {
      stream: o.stream,
      // The caller decided this stream is a terminal; render even if the stream object cannot say so itself.
      noTTYOutput: true,
      notTTYSchedule: 100,
      format: `${label} {bar} {value}/{total} | errors {errors} | {current}`,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let last: OrgProgress | undefined;
  return {
    update(p) {
      last = p;
      const payload = { errors: p.errors, current: p.current ?? '' };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, payload);
      }
    },
    stop() {
      if (!started) return;
      if (last) bar.update(last.done, { errors: last.errors, current: 'done' });
      bar.stop();
    },
  };
}

function lineRenderer(o: ProgressRendererOptions): ProgressRenderer {
  const label = o.label ?? 'accounts';
  const interval = o.intervalMs ?? 10_000;
  const now = o.now ?? Date.now;
  let lastAt = -Infinity;
  let lastDone = -1;
  let last: OrgProgress | undefined;
  const write = (p: OrgProgress, final: boolean) => {
    const pct = p.total ? Math.floor((p.done / p.total) * 100) : 100;
    const tail = final ? '' : p.current ? `, current ${p.current}` : '';
    o.stream.write(`resilint: ${label} ${p.done}/${p.total} (${pct}%), ${p.errors} error${p.errors === 1 ? '' : 's'}${tail}${final ? ' — done' : ''}\n`);
    lastAt = now();
    lastDone = p.done;
  };
  return {
    update(p) {
      last = p;
      if (p.done !== lastDone && now() - lastAt >= interval) write(p, false);
    },
    stop() {
      if (last) write(last, true);
    },
  };
}
