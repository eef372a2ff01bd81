import { adminGuard } from '../control-plane/admin-guard.js';
import type { Party, PartyContext, PartyRuntime } from '../party.js';
import { OversellBook } from './accounting/book.js';
import { oversellRoutes } from './accounting/routes.js';
import { OversellAccounting } from './accounting/service.js';
import { oversellJournal } from './accounting/stored.js';
import { PHYSICAL_PATH, physicalRoutes } from './physical/routes.js';
import { PhysicalService } from './physical/service.js';

// The physical world and the oversell accounting, as a party: no product API, only the control plane's pages.
// It learns what the products did from their domain events and reads OCI through its services; it is listed
// after the sequence checker, whose view of which tenant group an instance belongs to it shares.

declare module '../party.js' {
  interface Services {
    physical?: PhysicalService;
  }
}

export const oversellParty: Party = {
  name: 'oversell',
  journals: [oversellJournal],
  build,
};

function build(ctx: PartyContext): PartyRuntime {
  const book = new OversellBook({ store: ctx.store, clock: ctx.clock, journal: ctx.journal, services: ctx.services });
  const accounting = new OversellAccounting({ book, services: ctx.services, journal: ctx.journal, now: () => ctx.clock.now() });
  const physical = new PhysicalService({ book, journal: ctx.journal, services: ctx.services, reservedBefore: (tg, ref) => accounting.reservedBefore(tg, ref) });
  ctx.services.physical = physical;
  ctx.journal.subscribeEvents((event) => accounting.observe(event));
  const guard = adminGuard(ctx.options.adminToken);
  return {
    rearm: () => {
      book.forget();
      accounting.forget();
    },
    routes: {
      control: [physicalRoutes({ physical, book, guard }), oversellRoutes({ book, tenantGroups: () => physical.tenantGroups(), guard })],
    },
    largeBodies: [{ prefix: PHYSICAL_PATH, limit: Math.max(ctx.options.bodyLimitBytes, 8 * 1024 * 1024) }],
  };
}
