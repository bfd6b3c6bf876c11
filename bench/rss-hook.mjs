// Preloaded (`node --import`) into a CLI run whose peak memory is measured:
// writes the process's peak resident set size (KiB) to $RESILINT_RSS_FILE at exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.RESILINT_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS));
});
