import { AppError } from '../../core/errors/app-error.js';
import type { NativeInventory } from '../inventory/service.js';
import type { NativeRecord } from '../model.js';
import { InventoryXmlError, readInventoryXml, type XmlList, type XmlRecord } from './inventory-xml.js';

// The ImportInventoryLists job step: inventory XML files applied to the instance's native inventory in one of
// B2C's import modes.
// - MERGE creates what is missing and writes what the file gives; UPDATE only changes what exists; REPLACE
//   rebuilds each list in the file from the file (records not in it go); DELETE removes the lists in the file.
//   `mode="delete"` on a header or a record deletes it whatever the import's mode.
// - A file that fails the schema is not applied at all; a record or list the data cannot take is a data error
//   and the rest goes on. The log follows B2C's import logs (`INFO Import: Start`, `WARN [DATAERROR] …`,
//   `Finished (N data errors)`).
// - Importing an allocation resets the record's turnover to 0 as of its allocation-timestamp (or now); a
//   timestamp older than the record's current reset date is refused (B2C does not move a reset date backwards).

export type ImportMode = 'MERGE' | 'UPDATE' | 'REPLACE' | 'DELETE';

export interface ImportOutcome {
  /** ERROR when a file failed validation; OK otherwise (data errors included). */
  status: 'OK' | 'ERROR';
  dataErrors: number;
  warnings: number;
  lists: number;
  records: number;
  /** The files that failed validation (not applied at all). */
  failedFiles: string[];
  log: string[];
}

/** One import run: where it applies, and what it has counted and logged so far. */
interface Run {
  inventory: NativeInventory;
  instanceId: string;
  mode: ImportMode;
  now: string;
  out: ImportOutcome;
  dataError(object: string, message: string): void;
  warning(object: string, message: string): void;
}

export function importInventoryFiles(inventory: NativeInventory, instanceId: string, files: readonly { name: string; text: string }[], mode: ImportMode, now: string): ImportOutcome {
  const out: ImportOutcome = { status: 'OK', dataErrors: 0, warnings: 0, lists: 0, records: 0, failedFiles: [], log: [] };
  const log = (level: 'INFO' | 'WARN' | 'ERROR', text: string) => out.log.push(`${now} ${level} ${text}`);
  const run: Run = {
    inventory,
    instanceId,
    mode,
    now,
    out,
    dataError(object, message) {
      out.dataErrors++;
      log('WARN', `[DATAERROR] ${object}: ${message}`);
    },
    warning(object, message) {
      out.warnings++;
      log('WARN', `${object}: ${message}`);
    },
  };
  log('INFO', 'Import: Start');
  log('INFO', `ImportMode: ${mode}`);
  for (const file of files) {
    log('INFO', `ImportFile: ${file.name}`);
    let lists: XmlList[];
    try {
      lists = readInventoryXml(file.text);
    } catch (error) {
      if (!(error instanceof InventoryXmlError)) throw error;
      out.status = 'ERROR';
      out.failedFiles.push(file.name);
      log('ERROR', `[SCHEMAERROR] ${file.name}: ${error.message} The file was not imported.`);
      continue;
    }
    for (const list of lists) applyList(run, list);
  }
  log('INFO', `Import: Finished (${out.dataErrors} data errors, ${out.warnings} warnings; ${out.lists} lists, ${out.records} records)`);
  return out;
}

function applyList(run: Run, list: XmlList): void {
  const { inventory, instanceId, mode, out, dataError } = run;
  const object = `InventoryList ${list.listId}`;
  const exists = inventory.lists(instanceId).some((l) => l.id === list.listId);
  if (list.deleted || mode === 'DELETE') {
    if (!exists) return dataError(object, 'cannot delete: no such inventory list');
    inventory.deleteList(instanceId, list.listId);
    out.lists++;
    return;
  }
  if (mode === 'UPDATE' && !exists) return dataError(object, 'no such inventory list (UPDATE mode does not create lists); its records were skipped');
  const current = exists ? inventory.list(instanceId, list.listId) : undefined;
  if (mode === 'REPLACE' && exists) inventory.deleteList(instanceId, list.listId);
  try {
    inventory.putList(instanceId, list.listId, {
      description: list.description ?? (mode === 'REPLACE' ? '' : current?.description),
      defaultInStock: list.defaultInStock,
      // A new list gets On Order off; an existing one keeps its setting when the header leaves it out.
      onOrderInventoryEnabled: list.onOrder ?? (mode === 'REPLACE' ? false : current?.onOrderInventoryEnabled),
      useBundleInventoryOnly: list.useBundleInventoryOnly ?? (mode === 'REPLACE' ? false : current?.useBundleInventoryOnly),
    });
  } catch (error) {
    if (error instanceof AppError) return dataError(object, error.message);
    throw error;
  }
  out.lists++;
  for (const record of list.records) applyRecord(run, list.listId, record);
}

function applyRecord(run: Run, listId: string, r: XmlRecord): void {
  const { inventory, instanceId, mode, now, out, dataError, warning } = run;
  const object = `ProductInventoryRecord ${listId}/${r.productId}`;
  const existing = inventory.findRecord(instanceId, listId, r.productId);
  if (r.deleted) {
    if (!existing) return dataError(object, 'cannot delete: no such record');
    inventory.deleteRecord(instanceId, listId, r.productId);
    out.records++;
    return;
  }
  if (mode === 'UPDATE' && !existing) return dataError(object, 'no such record (UPDATE mode does not create records)');
  if (r.readOnly.length > 0) warning(object, `${r.readOnly.map((e) => `<${e}>`).join(', ')} ${r.readOnly.length === 1 ? 'is' : 'are'} read-only and was ignored`);
  if ((r.handling === 'preorder' || r.handling === 'backorder') && r.preorderBackorderAllocation === undefined && existing?.preorderBackorderAllocation === undefined) {
    warning(object, `preorder-backorder-handling is ${r.handling} but no preorder-backorder-allocation is given`);
  }
  const changes: Partial<NativeRecord> = {};
  if (r.allocation !== undefined) {
    const resetDate = r.allocationTimestamp ?? now;
    if (existing?.allocationResetDate && Date.parse(resetDate) < Date.parse(existing.allocationResetDate)) {
      return dataError(object, `allocation-timestamp ${resetDate} is older than the record's allocation reset date ${existing.allocationResetDate}`);
    }
    changes.allocation = r.allocation;
    changes.allocationResetDate = resetDate;
    changes.turnover = 0;
  }
  if (r.perpetual !== undefined) changes.perpetual = r.perpetual;
  if (r.handling !== undefined) changes.preorderBackorderHandling = r.handling;
  if (r.preorderBackorderAllocation !== undefined) changes.preorderBackorderAllocation = r.preorderBackorderAllocation;
  if (r.inStockDate !== undefined) changes.inStockDate = r.inStockDate;
  if (existing) inventory.patchRecord(instanceId, listId, r.productId, changes);
  else inventory.putRecord(instanceId, listId, r.productId, changes);
  out.records++;
}
