/**
 * Worker thread: parses the files it is sent with its own hcl2json (wasm)
 * instance, so several files parse at once on several cores.
 */
import { parentPort } from 'node:worker_threads';
import { parseTerraformFile } from './files.js';

export interface ParseRequest {
  id: number;
  path: string;
  root: string;
  maxFileBytes: number;
  maxHclNesting?: number;
}

parentPort!.on('message', (req: ParseRequest) => {
  parseTerraformFile(req.path, req.root, req.maxFileBytes, req.maxHclNesting).then(
    (parsed) => parentPort!.postMessage({ id: req.id, parsed }),
    (e: unknown) => parentPort!.postMessage({ id: req.id, failure: e instanceof Error ? e.message : String(e) }),
  );
});
