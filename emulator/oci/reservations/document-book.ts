import { Interner } from '../../core/interner.js';
import { lineKey, type DocumentAction, type DocumentLine, type PlaceType, type ReservationDocument, type ReservationState } from './model.js';

// Which open documents hold a place and SKU, oldest first. Releases, transfers and fulfillments of the Commerce
// API name a place and a SKU, not a document: they are taken from the documents holding that line in the order
// the documents were made, so what each document holds stays true and a later cancel releases only the rest.
// The index lives in memory beside the state and is rebuilt when the state object is replaced (restart, reset,
// snapshot); an entry may outlive its line (it is skipped and dropped when met), never the other way round.

export class DocumentBook {
  readonly state: ReservationState;
  readonly #holders = new Map<string, Set<string>>();
  /** Documents to add to the index before its next use: a shop that only reserves never pays for it. */
  #pending: string[] = [];

  constructor(state: ReservationState) {
    this.state = state;
    const open = [...state.documents.values()].filter((d) => d.state === 'OPEN').sort((a, b) => a.createdAt - b.createdAt);
    for (const doc of open) this.index(doc);
  }

  document(id: string): ReservationDocument | undefined {
    return this.state.documents.get(id);
  }

  /** Registers the document's lines (after it was added or gained a line). */
  index(doc: ReservationDocument): void {
    this.#pending.push(doc.id);
  }

  /** Open documents holding some of the line, oldest first. */
  holders(type: PlaceType, place: string, sku: string): ReservationDocument[] {
    this.#catchUp();
    const key = lineKey(type, place, sku);
    const ids = this.#holders.get(key);
    if (!ids) return [];
    const out: ReservationDocument[] = [];
    for (const id of ids) {
      const doc = this.state.documents.get(id);
      const line = doc?.state === 'OPEN' ? findLine(doc, type, place, sku) : undefined;
      if (line && line.quantity > 0) out.push(doc!);
      else ids.delete(id);
    }
    if (ids.size === 0) this.#holders.delete(key);
    return out;
  }

  #catchUp(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    for (const id of pending) {
      const doc = this.state.documents.get(id);
      if (doc?.state === 'OPEN') for (const line of doc.lines) this.#add(lineKey(line.type, line.place, line.sku), id);
    }
  }

  #add(key: string, id: string): void {
    let ids = this.#holders.get(key);
    if (!ids) this.#holders.set(key, (ids = new Set()));
    ids.add(id);
  }
}

export function findLine(doc: ReservationDocument, type: PlaceType, place: string, sku: string): DocumentLine | undefined {
  for (const line of doc.lines) if (line.type === type && line.place === place && line.sku === sku) return line;
  return undefined;
}

/** The document's line for the place and SKU, made (empty) when it has none yet. */
export function lineOf(doc: ReservationDocument, type: PlaceType, place: string, sku: string): DocumentLine {
  const found = findLine(doc, type, place, sku);
  if (found) return found;
  const line: DocumentLine = { type, place: intern(place), sku: intern(sku), quantity: 0 };
  if (type === 'group') line.allocations = {};
  doc.lines.push(line);
  return line;
}

// Lines outlive their request by hours: they keep one shared place and SKU string, not the request's copies.
const names = new Interner(100_000);
const intern = (text: string) => names.intern(text);

export function record(line: DocumentLine, action: DocumentAction): void {
  (line.actions ??= []).push(action);
}

/** Whether the document holds nothing any more. */
export function emptied(doc: ReservationDocument): boolean {
  return doc.lines.every((l) => l.quantity <= 0);
}

/** Closes the document (it keeps its lines and actions, for the export). */
export function closeDocument(doc: ReservationDocument, how: 'CANCELLED' | 'EXPIRED' | 'COMPLETED', at: number): void {
  doc.state = 'CLOSED';
  doc.closedBy = how;
  doc.closedAt = at;
}
