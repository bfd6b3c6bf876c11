#!/usr/bin/env node
import { runCli } from './run.js';

/** Colour on a TTY unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
function wantsColor(): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(process.stdout.isTTY) && process.env.TERM !== 'dumb';
}

const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  color: wantsColor(),
}).catch((e: unknown) => {
  const detail = e instanceof Error ? (process.env.RESILINT_DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
  process.stderr.write(`resilint: internal error: ${detail}\n`);
  process.stderr.write('This is a bug in resilint, not in your input; please report it with the command you ran.\n');
  return 70;
});
process.exitCode = code;
