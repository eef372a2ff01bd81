import { adminGuard } from '../control-plane/admin-guard.js';
import type { Party, PartyContext, PartyRuntime } from '../party.js';
import { sequenceRoutes } from './routes.js';
import { SequenceService } from './service.js';

// The documented-sequence checker as a party: no API of its own beyond the control plane's page; it reads every
// product through their services and the journal's domain events, and offers `check` to the products whose steps
// strict mode may refuse (trust, mode switches).

declare module '../party.js' {
  interface Services {
    sequence?: SequenceService;
  }
}

export const sequenceParty: Party = {
  name: 'sequence',
  build,
};

function build(ctx: PartyContext): PartyRuntime {
  const sequence = new SequenceService({ store: ctx.store, clock: ctx.clock, enforcement: ctx.enforcement, services: ctx.services });
  ctx.services.sequence = sequence;
  ctx.journal.subscribeEvents((event) => sequence.observe(event));
  return {
    rearm: () => sequence.rearm(),
    routes: { control: [sequenceRoutes({ sequence, guard: adminGuard(ctx.options.adminToken) })] },
  };
}
