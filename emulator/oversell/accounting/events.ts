import type { Journal } from '../../core/journal.js';
import type { OrderRecord } from './model.js';

/** An order that was oversold is a domain event of its own, with its units by cause (the console's alert). */
export function recordOversold(journal: Journal, record: OrderRecord): void {
  const lines = record.lines.filter((l) => l.oversold > 0);
  if (lines.length === 0) return;
  journal.emit({
    type: 'oversell.recorded',
    tenant: record.tenantGroupId,
    data: { source: record.source, orderRef: record.orderRef, path: record.path, lines: lines.map((l) => ({ place: l.place, sku: l.sku, quantity: l.quantity, oversold: l.oversold, causes: l.causes })) },
  });
}
