import { readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FileBackend } from '../../emulator/core/store/file-backend.js';
import type { JournalTypes } from '../../emulator/core/store/journaled.js';
import { JOURNAL_TYPES } from '../../emulator/parties.js';

/** What a restart would find in a data file: the namespaces its manifest names, as committed (nothing changed). */
export function onDisk(file: string, types: JournalTypes = JOURNAL_TYPES, only?: string): Promise<Map<string, unknown>> {
  return new FileBackend(file).peek(types, only);
}

/** One namespace as a restart would find it (undefined when the data file does not hold it). */
export async function namespaceOnDisk<T = unknown>(file: string, ns: string, types?: JournalTypes): Promise<T | undefined> {
  return (await onDisk(file, types, ns)).get(ns) as T | undefined;
}

/** The file that holds a plain namespace now (as the manifest names it), to read or spoil it in a test. */
export function plainNamespaceFile(file: string, ns: string): string {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { namespaces: Record<string, { kind: string; gen?: number }> };
  const entry = manifest.namespaces[ns];
  if (entry?.kind !== 'json') throw new Error(`${file} holds no plain namespace ${ns}`);
  return join(dirname(file), `${basename(file, extname(file))}.d`, entry.gen === undefined ? `${ns}.json` : `${ns}.${entry.gen}.json`);
}
