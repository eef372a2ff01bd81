import { checkScenarios } from './check.js';

checkScenarios(['setup-happy-path', 'trust-out-of-order', 'activate-with-unexported-orders']);
