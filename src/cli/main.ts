#!/usr/bin/env node
import { EXIT_BUG } from '../errors.js';
import { bugReport, runCli } from './run.js';

// The AWS SDK v3 packages resilint pins support Node 20; their nine-line notice about *later* SDK releases needing
// Node 22 is for resilint's maintainers, not for someone running an audit, so it does not go into every `--org` run's
// stderr. Set AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
  progress: { stream: process.stderr, isTTY: Boolean(process.stderr.isTTY) && process.env.TERM !== 'dumb' },
}).catch((e: unknown) => {
  process.stderr.write(bugReport(e, process.env.RESILINT_DEBUG === '1'));
  return EXIT_BUG;
});
process.exitCode = code;
