import { createReadStream, statSync } from 'node:fs';
import type { Response } from 'express';

/** Streams a job file (an import's results, an export) without reading it into memory. */
export function sendJobFile(res: Response, path: string, contentType: string): void {
  const size = statSync(path).size;
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', size);
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
