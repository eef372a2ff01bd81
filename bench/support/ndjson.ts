import { createReadStream } from 'node:fs';

// The baseline of reading an NDJSON export as a bare client would: 1 MB chunks split on newlines, JSON.parse per
// line, counting the record lines (those with a SKU).

export async function rawParse(file: string): Promise<{ ms: number; records: number }> {
  const started = performance.now();
  let records = 0;
  let rest = '';
  const take = (line: string) => void (line.length > 0 && typeof (JSON.parse(line) as { sku?: unknown }).sku === 'string' && records++);
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      take(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  take(rest.trim());
  return { ms: performance.now() - started, records };
}
