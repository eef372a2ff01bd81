import { accountManagerParty } from './account-manager/party.js';
import { b2cParty } from './b2c/party.js';
import { ociParty } from './oci/party.js';
import type { PartyFactory } from './party.js';
import { salesforceOrgParty } from './salesforce-org/party.js';

// The emulated products, in wiring order: a party may use the services of those listed before it.
export const PARTIES: readonly PartyFactory[] = [accountManagerParty, ociParty, salesforceOrgParty, b2cParty];
