import { it } from 'vitest';
import { scan } from '../src/scan.js';
it('scratch', async () => {
  const dir = process.env.SCAN_DIR!;
  const r = await scan({ paths: [dir], root: dir, now: () => new Date('2026-12-01T00:00:00Z') });
  console.log(JSON.stringify(r.errors));
  const out = r.findings.map((f) => ({ ruleId: f.ruleId, address: f.resource.address, status: f.status, file: f.location?.file, line: f.location?.line }));
  console.log(JSON.stringify(out, null, 2));
  for (const f of r.findings) console.log(f.ruleId, f.resource.address, f.status, '::', f.message);
});
