import { checkScenarios } from './check.js';

checkScenarios(['activate-storefront-online-at-peak', 'pos-lag-safety-stock', 'cache-lag-flash-sale']);
