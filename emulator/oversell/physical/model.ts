// The channel events of the physical world (POST /__emulator/physical/<kind>): what happens on the shop floor and
// in other channels, at once, on the virtual clock. They reach OCI only when a scenario or a client sends OCI the
// news (an import, a batch-update, a reservation), which is the gap the oversell accounting measures.

export const PHYSICAL_KINDS = ['counts', 'receipts', 'shipments', 'pos-sales', 'orders'] as const;
export type PhysicalKind = (typeof PHYSICAL_KINDS)[number];

/** The domain event each kind is journaled as. */
export const PHYSICAL_EVENTS: Record<PhysicalKind, string> = {
  counts: 'physical.count',
  receipts: 'physical.receipt',
  shipments: 'physical.shipment',
  'pos-sales': 'physical.pos-sale',
  orders: 'physical.order',
};

/** A stock count: the shelf holds `onHand` units (a stock take; it also anchors a cell before any order). */
export interface CountEvent {
  tenantGroupId?: string;
  location: string;
  sku: string;
  onHand: number;
}

/** Units arriving (receipt) or leaving other than for an order (shipment: a transfer out, a return to vendor). */
export interface MovementEvent {
  tenantGroupId?: string;
  location: string;
  sku: string;
  quantity: number;
}

/** An order another channel took (a marketplace, a call centre): it claims the units at once. */
export interface ChannelOrderEvent {
  tenantGroupId?: string;
  channel: string;
  orderRef: string;
  /** A location's or group's External Reference. */
  place: string;
  lines: { sku: string; quantity: number }[];
}

export type PhysicalEvent = CountEvent | MovementEvent | ChannelOrderEvent;

/** What a batch did: how many events were applied and which were refused (by their index in the batch). */
export interface BatchOutcome {
  applied: number;
  refused: { index: number; code: string; message: string }[];
}
