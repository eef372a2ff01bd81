import { accountManagerParty } from './account-manager/party.js';
import { b2cParty } from './b2c/party.js';
import { ApiTable } from './core/http/api-table.js';
import { controlDialect } from './core/errors/dialects/control.js';
import { journalTypes } from './core/store/journaled.js';
import { ociParty } from './oci/party.js';
import type { Party } from './party.js';
import { salesforceOrgParty } from './salesforce-org/party.js';
import { sequenceParty } from './sequence/party.js';
import { oversellParty } from './oversell/party.js';

// The emulated products, in wiring order: a party may use, while it is built, the services of those listed
// before it (at request time every party's services are there).
// The sequence checker comes after the products: it reads every product through their services; the oversell
// accounting after it (it shares the checker's view of an instance's tenant group).
export const PARTIES: readonly Party[] = [accountManagerParty, ociParty, salesforceOrgParty, b2cParty, sequenceParty, oversellParty];

/** The loaders of every journaled namespace the parties keep (the store needs them before the parties are built). */
export const JOURNAL_TYPES = journalTypes(...PARTIES.flatMap((p) => p.journals ?? []));

/** Which API each path belongs to: the control plane's prefix and every party's. */
export const APIS = new ApiTable([
  { prefix: '/__emulator', family: 'control', dialect: controlDialect },
  ...PARTIES.flatMap((party) => (party.apis ?? []).flatMap((api) => api.prefixes.map(([prefix, dialect]) => ({ prefix, family: api.family, dialect })))),
]);
