import type { Suite } from '../support/types.js';
import { availabilitySuite } from './availability.js';
import { importSuite } from './import.js';
import { ociCacheSuite } from './oci-cache.js';
import { reservationsSuite } from './reservations.js';
import { storefrontSuite } from './storefront.js';
import { tokenSuite } from './token.js';
import { tradingDaySuite } from './trading-day.js';
import { writeCostSuite } from './write-cost.js';

// The registry: a new suite is one file in this folder and one line here. Order is the default run order.
export const SUITES: readonly Suite[] = [tokenSuite, availabilitySuite, writeCostSuite, importSuite, reservationsSuite, ociCacheSuite, storefrontSuite, tradingDaySuite];
