import type { ExportedReservation, ReservationSource } from '../impex/exports/exporters.js';
import type { DocumentAction, DocumentLine, ReservationDocument } from './model.js';
import type { ReservationService } from './service.js';

// Reservation documents as the impex reservations export writes them (one JSON document per reservation, the
// RAML's ReservationsExportDownloadFileRaw): times in epoch milliseconds, one detail per line of the document
// with every action taken on it. A line's quantity is what it was given (reserved there, or moved in).

export function reservationsExportSource(service: ReservationService): ReservationSource {
  return {
    list(tenantGroupId, status, from, to) {
      const wanted = status === 'open' ? 'OPEN' : 'CLOSED';
      return service
        .documents(tenantGroupId)
        .filter((d) => d.state === wanted)
        .map((d) => ({ doc: d, at: Date.parse(d.reservationTime) }))
        .filter(({ at }) => at >= from && at <= to)
        .sort((a, b) => a.at - b.at || a.doc.createdAt - b.doc.createdAt)
        .map(({ doc, at }) => exported(doc, at));
    },
  };
}

function exported(doc: ReservationDocument, at: number): ExportedReservation {
  return {
    reservationId: doc.id,
    ...(doc.externalRefId !== undefined ? { externalRefId: doc.externalRefId } : {}),
    reservationTime: at,
    reservationState: doc.state,
    reservationDetails: doc.lines.map((line) => detail(doc, line)),
  };
}

function detail(doc: ReservationDocument, line: DocumentLine) {
  const place = line.type === 'group' ? { group: line.place } : { location: line.place };
  const actions: DocumentAction[] = [];
  if ((line.reserved ?? 0) > 0) {
    actions.push({ requestId: doc.id, quantity: line.reserved!, action: 'Reserved', timestamp: new Date(doc.createdAt).toISOString() });
  }
  actions.push(...(line.actions ?? []));
  let given = 0;
  for (const a of actions) {
    if (a.action === 'Reserved') given += a.quantity;
    else if (a.action === 'Moved' && a.to && ('group' in a.to ? a.to.group : a.to.location) === line.place) given += a.quantity;
  }
  return { ...place, sku: line.sku, quantity: Math.round(given * 1000) / 1000, reservationDetailActions: actions.map((a) => action(a, place)) };
}

function action(a: DocumentAction, place: { group: string } | { location: string }) {
  return {
    requestId: a.requestId,
    ...(a.externalRefId !== undefined ? { externalRefId: a.externalRefId } : {}),
    quantity: a.quantity,
    action: a.action,
    ...(a.action === 'Moved' ? { from: a.from, to: a.to } : place),
    timestamp: String(Date.parse(a.timestamp)),
  };
}
