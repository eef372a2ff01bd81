import { accountManagerParty } from './account-manager/party.js';
import { b2cParty } from './b2c/party.js';
import { OCI_JOURNALS } from './oci/journals.js';
import { ociParty } from './oci/party.js';
import { journalTypes } from './core/store/journaled.js';
import type { PartyFactory } from './party.js';
import { salesforceOrgParty } from './salesforce-org/party.js';

// The emulated products, in wiring order: a party may use the services of those listed before it.
export const PARTIES: readonly PartyFactory[] = [accountManagerParty, ociParty, salesforceOrgParty, b2cParty];

/** The loaders of every journaled namespace the parties keep (the store needs them before the parties are built). */
export const JOURNAL_TYPES = journalTypes(...OCI_JOURNALS);
