import { parseState } from '../objects.js';

// The manifest (the data file itself, `state.json`): which namespaces exist and, for each, which files hold it and
// how much of each log counts. It is the commit point of every batch: a batch writes its plain namespaces to new
// files and appends its frames past the logs' committed ends, then the manifest names the new files and the new
// ends. A crash anywhere before that leaves the previous batch's state, whole; nothing half of a batch is read back.

export const FORMAT = 'oci-b2c-emulator/state@2';
const FORMAT_V1 = 'oci-b2c-emulator/state@1';

/** A plain namespace: `<ns>.<gen>.json` (`<ns>.json` in data files of the first layout, which have no gen). */
export interface JsonEntry {
  kind: 'json';
  gen?: number;
}

/** A journaled namespace: an image `<ns>.<image>.image` and logs `<ns>.<gen>.log`, each read up to its size. */
export interface JournalEntry {
  kind: 'journal';
  type: string;
  image: number | null;
  logs: number[];
  /** Committed bytes of each log, by gen (a log without one is read whole: files written before sizes were kept). */
  sizes?: Record<string, number>;
}

export type Entry = JsonEntry | JournalEntry;

export interface Manifest {
  format: typeof FORMAT;
  savedAt: string;
  namespaces: Record<string, Entry>;
}

/** Reads a manifest of this version or the first one (a list of plain namespaces); `current` says which. */
export function readManifest(text: string, path: string): { entries: Map<string, Entry>; current: boolean } {
  let doc: { format?: unknown; namespaces?: unknown };
  try {
    doc = parseState(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); refusing to start rather than overwrite it`);
  }
  if (doc.format === FORMAT_V1 && Array.isArray(doc.namespaces)) {
    return { entries: new Map((doc.namespaces as string[]).map((ns) => [String(ns), { kind: 'json' } as Entry])), current: false };
  }
  if (doc.format !== FORMAT || typeof doc.namespaces !== 'object' || doc.namespaces === null) {
    throw new Error(`${path} is not an oci-b2c-emulator state file (format ${JSON.stringify(doc.format)})`);
  }
  const entries = new Map<string, Entry>();
  for (const [ns, entry] of Object.entries(doc.namespaces as Record<string, Entry>)) entries.set(ns, entry);
  return { entries, current: true };
}

export function manifestText(entries: ReadonlyMap<string, Entry>): string {
  const namespaces: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
  for (const ns of [...entries.keys()].sort()) namespaces[ns] = entries.get(ns)!;
  const manifest: Manifest = { format: FORMAT, savedAt: new Date().toISOString(), namespaces };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

export function jsonFile(ns: string, entry: JsonEntry): string {
  return entry.gen === undefined ? `${ns}.json` : `${ns}.${entry.gen}.json`;
}

/** The file names an entry uses (relative to the namespace folder). */
export function filesOf(ns: string, entry: Entry): string[] {
  if (entry.kind === 'json') return [jsonFile(ns, entry)];
  return [...(entry.image === null ? [] : [`${ns}.${entry.image}.image`]), ...entry.logs.map((g) => `${ns}.${g}.log`)];
}
