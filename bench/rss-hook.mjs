// Preloaded (`node --import`) into a CLI run whose peak memory is measured:
// writes the process's peak resident set size (KiB) to $RESILINT_RSS_FILE at exit,
// and its CPU time (user and system, µs) as JSON to $RESILINT_CPU_FILE if set.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  const file = process.env.RESILINT_RSS_FILE;
  if (file) writeFileSync(file, String(usage.maxRSS));
  const cpuFile = process.env.RESILINT_CPU_FILE;
  if (cpuFile) writeFileSync(cpuFile, JSON.stringify({ userUs: usage.userCPUTime, systemUs: usage.systemCPUTime }));
});
