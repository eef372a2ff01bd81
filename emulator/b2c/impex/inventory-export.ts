import type { NativeInventory } from '../inventory/service.js';
import { INVENTORY_NS } from './inventory-xml.js';

// The ExportInventoryLists job step: the same schema as the import, records sorted by product id, each with the
// computed values an import ignores (ats, on-order, turnover), the list's On Order setting always in the header.

export function exportInventoryXml(inventory: NativeInventory, instanceId: string, listIds?: readonly string[]): string {
  const lists = inventory.lists(instanceId).filter((l) => !listIds || listIds.includes(l.id));
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', `<inventory xmlns="${INVENTORY_NS}">`];
  for (const list of lists) {
    out.push('    <inventory-list>', `        <header list-id="${esc(list.id)}">`, `            <default-instock>${list.defaultInStock}</default-instock>`);
    if (list.description) out.push(`            <description>${esc(list.description)}</description>`);
    out.push(`            <use-bundle-inventory-only>${list.useBundleInventoryOnly ?? false}</use-bundle-inventory-only>`, `            <on-order>${list.onOrderInventoryEnabled ?? false}</on-order>`, '        </header>');
    const records = inventory.records(instanceId, list.id);
    if (records.length > 0) {
      out.push('        <records>');
      for (const r of records) {
        const ats = r.allocation + r.preorderBackorderAllocation - r.turnover - r.onOrder;
        out.push(`            <record product-id="${esc(r.productId)}">`, `                <allocation>${r.allocation}</allocation>`);
        if (r.allocationResetDate) out.push(`                <allocation-timestamp>${r.allocationResetDate}</allocation-timestamp>`);
        out.push(
          `                <perpetual>${r.perpetual}</perpetual>`,
          `                <preorder-backorder-handling>${r.preorderBackorderHandling}</preorder-backorder-handling>`,
          `                <preorder-backorder-allocation>${r.preorderBackorderAllocation}</preorder-backorder-allocation>`,
        );
        if (r.inStockDate) out.push(`                <in-stock-datetime>${r.inStockDate}</in-stock-datetime>`);
        out.push(`                <ats>${ats}</ats>`, `                <on-order>${r.onOrder}</on-order>`, `                <turnover>${r.turnover}</turnover>`, '            </record>');
      }
      out.push('        </records>');
    }
    out.push('    </inventory-list>');
  }
  out.push('</inventory>', '');
  return out.join('\n');
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
