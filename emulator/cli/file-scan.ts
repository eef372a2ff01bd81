import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

// One pass over an import file before it is sent: the SHA-256 the initiate request declares (of the bytes as
// uploaded, so of the compressed bytes for gzip) and the number of non-empty lines (of the inflated text), which
// stands in for the record count the server never announces. Streamed: the file is never held in memory.

export interface FileScan {
  size: number;
  sha256: string;
  /** Non-empty lines; undefined when a gzip file would not inflate (the server will say why). */
  lines: number | undefined;
}

export async function scanImportFile(path: string, gzip: boolean): Promise<FileScan> {
  const { size } = await stat(path);
  const hash = createHash('sha256');
  const lines = new LineCounter();
  let inflates = gzip;
  const gunzip = gzip ? createGunzip() : undefined;
  if (gunzip) {
    gunzip.on('data', (chunk: Buffer) => lines.push(chunk));
    // A file named .gz that is not gzip still gets its hash: the upload goes on and the server's validation
    // answers, as it would for any client.
    gunzip.on('error', () => (inflates = false));
  }
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (!gunzip) lines.push(chunk);
    else if (inflates && !gunzip.write(chunk)) await once(gunzip, 'drain').catch(() => (inflates = false));
  }
  if (gunzip && inflates) {
    gunzip.end();
    await finished(gunzip).catch(() => (inflates = false));
  }
  return { size, sha256: hash.digest('hex'), lines: gzip && !inflates ? undefined : lines.total() };
}

/** Counts lines that hold at least one byte, across chunk boundaries. */
export class LineCounter {
  #count = 0;
  /** The current (unterminated) line has content. */
  #open = false;

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (nl > start || this.#open) this.#count++;
      this.#open = false;
      start = nl + 1;
    }
    if (start < chunk.length) this.#open = true;
  }

  total(): number {
    return this.#count + (this.#open ? 1 : 0);
  }
}
