import { createReadStream } from 'node:fs';
import { TimeSlice } from '../../core/jobs/time-slice.js';

// Reads an OCI availability export as a client would: NDJSON where a `{"locationId"}` or `{"groupId"}` line
// opens a place, each following line is a record of that place, and the last line carries the delta token the
// change feed continues from. Read in chunks, split on newlines by hand (readline costs more than the parse),
// and the event loop is given back every few milliseconds so requests keep being answered.

export interface ExportLine {
  sku?: unknown;
  [field: string]: unknown;
}

export interface ExportRead {
  deltaToken: string | undefined;
  records: number;
}

export async function readAvailabilityExport(path: string, onRecord: (place: string, line: ExportLine) => void, signal?: AbortSignal): Promise<ExportRead> {
  const slice = new TimeSlice(8, signal);
  let place: string | undefined;
  let deltaToken: string | undefined;
  let records = 0;
  let rest = '';
  const take = (text: string) => {
    if (text.length === 0) return;
    const line = JSON.parse(text) as ExportLine;
    if (typeof line.sku === 'string') {
      if (place !== undefined) {
        onRecord(place, line);
        records++;
      }
    } else if (typeof line.locationId === 'string') place = line.locationId;
    else if (typeof line.groupId === 'string') place = line.groupId;
    else if (typeof line.deltaToken === 'string') deltaToken = line.deltaToken;
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl >= 0; nl = text.indexOf('\n', start)) {
      take(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
    await slice.maybeYield();
  }
  take(rest.trim());
  return { deltaToken, records };
}
