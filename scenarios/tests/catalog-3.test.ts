import { checkScenarios } from './check.js';

checkScenarios(['turn-off-after-stopping-imports', 'retention-zero-stale-records', 'oci-outage-capture']);
