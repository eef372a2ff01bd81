import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

// Reads an NDJSON file as batches of lines, inflating it on the way when it is gzip: a 1 GB file costs one
// read buffer and the lines of one batch, never the whole file. A line longer than the limit is not kept (it
// comes out as null, so the caller can fail that record and go on).

export interface LineBatch {
  /** null stands for a line over the length limit. */
  lines: (string | null)[];
  /** 1-based number of lines[0] in the file. */
  firstLine: number;
}

export interface ReadOptions {
  gzip: boolean;
  maxLineChars?: number;
}

const READ_CHUNK = 1 << 20;
export const MAX_LINE_CHARS = 1 << 20;

export async function* ndjsonBatches(path: string, options: ReadOptions): AsyncGenerator<LineBatch> {
  const max = options.maxLineChars ?? MAX_LINE_CHARS;
  const file = createReadStream(path, { highWaterMark: READ_CHUNK });
  const source: Readable = options.gzip ? file.pipe(createGunzip({ chunkSize: 256 * 1024 })) : file;
  if (options.gzip) file.on('error', (error) => source.destroy(error));
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let skipping = false;
  let lineNo = 1;
  let first = true;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      let text = decoder.write(chunk);
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const lines: (string | null)[] = [];
      const firstLine = lineNo;
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (skipping) {
          lines.push(null);
          skipping = false;
        } else {
          const piece = carry.length > 0 ? carry + text.slice(start, nl) : text.slice(start, nl);
          lines.push(piece.length > max ? null : stripCr(piece));
        }
        carry = '';
        start = nl + 1;
        lineNo++;
      }
      if (!skipping) {
        carry += text.slice(start);
        if (carry.length > max) {
          carry = '';
          skipping = true;
        }
      }
      if (lines.length > 0) yield { lines, firstLine };
    }
    const rest = carry + decoder.end();
    if (skipping) yield { lines: [null], firstLine: lineNo };
    else if (rest.length > 0) yield { lines: [rest.length > max ? null : stripCr(rest)], firstLine: lineNo };
  } finally {
    file.destroy();
    source.destroy();
  }
}

function stripCr(line: string): string {
  return line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
}
