import { DEMO } from '../../fixtures/index.js';
import { inventoryXml, soapLogin } from './files.js';

// What a valid request looks like, so mutations of it get past the first check and reach the validation and
// domain code behind. Optional knowledge: a route without a sample is still fuzzed, with generic bodies, and its
// path parameters are filled from the example URLs below and from ids seen in earlier answers (pools.ts).

const TG = DEMO.salesforce.tenantGroupId;
const INST = DEMO.b2c.instanceId;
const APP = DEMO.salesforce.connectedApp;

export type BodyKind = 'json' | 'form' | 'xml' | 'multipart' | 'text' | 'none';

export interface Sample {
  /** Matched against `METHOD /path/template`. */
  route: RegExp;
  kind: BodyKind;
  /** A valid body; `ids` gives an id seen earlier for a name (a delta token, an uploaded file's job…). */
  body?: (ids: (name: string) => string | undefined) => unknown;
  query?: Record<string, string>;
}

/** Concrete paths of the demo world: their segments fill the parameters of the templates they match. */
export const EXAMPLE_PATHS = [
  `/__emulator/snapshots/fuzz-snap/restore`,
  `/inventory/availability/v1/organizations/${TG}/locations/WH-EAST/availability-records/skus/SKU-0001/req-1`,
  `/inventory/availability/v1/organizations/${TG}/locations/STORE-BOS/availability-records/skus/SKU-0002/req-2`,
  `/inventory/reservation/v1/organizations/${TG}/reservation-documents/fuzz-doc-1`,
  `/inventory/internal/v1/organizations/${TG}`,
  `/services/data/v62.0/sobjects/Location/131000000000001AAA`,
  `/services/data/v58.0/sobjects/LocationGroup/describe`,
  `/services/data/v62.0/commerce/oci/availability-records/uploads/x`,
  `/services/Soap/u/58.0`,
  `/services/Soap/u/62.0/${DEMO.salesforce.orgId}`,
  `/s/-/dw/data/v25_6/inventory_lists/US-ONLINE/product_inventory_records/SKU-0001`,
  `/s/-/dw/data/v24_5/inventory_lists/STORE-BOS`,
  `/s/-/dw/data/v25_6/sites/RefArch/stores/store-bos`,
  `/s/-/dw/data/v25_6/jobs/fuzz-import/executions/1`,
  `/on/demandware.servlet/webdav/Sites/Impex/src/fuzz/inventory.xml`,
  `/on/demandware.servlet/webdav/Sites/Logs/jobs/fuzz-import/Job-fuzz-import-1.log`,
  `/dw/rest/v1/apiclients/${DEMO.accountManager.ocapiClient.id}`,
  `/dw/oauth2/access_token`,
];

const at = (sku = 'SKU-0001', quantity = 1) => ({ sku, quantity });
const connectLine = { locationGroupIdentifier: 'US-ONLINE', quantity: 1, stockKeepingUnit: 'SKU-0001' };

export const SAMPLES: Sample[] = [
  // Control plane
  { route: /^POST \/__emulator\/reset$/, kind: 'json', body: () => ({ tenant: TG }) },
  { route: /^POST \/__emulator\/snapshots$/, kind: 'json', body: () => ({ name: 'fuzz-snap' }) },
  { route: /^POST \/__emulator\/snapshots\/:name\/restore$/, kind: 'json', body: () => ({ clock: false }) },
  { route: /^POST \/__emulator\/clock\/advance$/, kind: 'json', body: () => ({ by: 'PT1M' }) },
  { route: /^POST \/__emulator\/clock\/set$/, kind: 'json', body: () => ({ time: '2026-03-02T09:30:00Z' }) },
  { route: /^POST \/__emulator\/fixtures$/, kind: 'json', body: () => ({ name: 'demo', seed: 1 }) },
  { route: /^GET \/__emulator\/journal$/, kind: 'none', query: { kind: 'request', limit: '5', since: '2026-03-02T09:00:00Z' } },
  { route: /^GET \/__emulator\/outbox$/, kind: 'none', query: { tenant: INST } },
  { route: /^POST \/__emulator\/faults\/oci$/, kind: 'json', body: () => ({ kind: 'throttle', durationSeconds: 60, retryAfterSeconds: 5 }) },
  // Account Manager
  { route: /^POST \/dwsso\/oauth2\/access_token$/, kind: 'form', body: () => ({ grant_type: 'client_credentials', scope: `SALESFORCE_COMMERCE_API:${INST} sfcc.inventory.availability` }) },
  { route: /^POST \/dw\/rest\/v1\/apiclients$/, kind: 'json', body: () => ({ name: 'fuzz-client', organizations: [DEMO.accountManager.organizationId], password: 'Another-Strong-Pass-9', roles: [] }) },
  { route: /^PUT \/dw\/rest\/v1\/apiclients\/:id$/, kind: 'json', body: () => ({ description: 'fuzzed', scopes: ['mail'], active: true }) },
  { route: /^PUT \/dw\/rest\/v1\/apiclients\/:id\/password$/, kind: 'json', body: () => ({ old: 'Another-Strong-Pass-9', new: 'Another-Strong-Pass-10' }) },
  { route: /^GET \/dw\/rest\/v1\/apiclients$/, kind: 'none', query: { page: '0', size: '5' } },
  // OCI availability
  { route: /^POST \/inventory\/.*\/get-availability$/, kind: 'json', body: () => ({ skus: ['SKU-0001', 'SKU-0002'], locations: ['WH-EAST'], groups: ['US-ONLINE'] }) },
  { route: /^POST \/inventory\/availability\/.*\/availability-records\/actions\/batch-update$/, kind: 'json', body: () => ({ records: [{ id: 'fz-1', location: 'WH-EAST', sku: 'SKU-0001', onHand: 5, futureStock: [{ quantity: 2, expectedDate: '2026-04-01T00:00:00Z' }] }] }) },
  { route: /get-deltas$/, kind: 'json', body: (ids) => ({ deltaToken: ids('deltaToken') ?? 'x' }) },
  { route: /delta-token$/, kind: 'json', body: () => ({ placeType: 'group', places: ['US-ONLINE'] }) },
  { route: /^PUT .*\/availability-records\/skus\//, kind: 'json', body: () => ({ onHand: 5, safetyStockCount: 1, effectiveDate: '2026-03-02T09:00:00Z' }) },
  { route: /^PATCH .*\/availability-records\/skus\//, kind: 'json', body: () => ({ onHand: 3 }) },
  { route: /product-segmentation\/actions\/batch-update$/, kind: 'json', body: () => ({ groups: [{ groupId: 'US-ONLINE', mode: 'APPEND', skus: ['SKU-0001'] }] }) },
  // OCI reservations
  { route: /^PUT .*\/reservation-documents\/:reservationId$/, kind: 'json', body: () => ({ expirationSeconds: 600, groups: [{ id: 'US-ONLINE', reservations: [at()] }], locations: [{ id: 'WH-EAST', reservations: [at('SKU-0002', 2)] }] }) },
  { route: /^PATCH .*\/reservation-documents\/:reservationId$/, kind: 'json', body: () => ({ status: 'CANCELLED' }) },
  { route: /^POST \/inventory\/reservation\/.*\/releases$/, kind: 'json', body: () => ({ records: [{ id: 'rel-1', group: 'US-ONLINE', sku: 'SKU-0001', quantity: 1 }] }) },
  { route: /^POST \/inventory\/reservation\/.*\/transfers$/, kind: 'json', body: () => ({ records: [{ id: 'tr-1', from: { group: 'US-ONLINE' }, to: { location: 'WH-EAST' }, sku: 'SKU-0001', quantity: 1 }] }) },
  { route: /^POST \/inventory\/reservation\/.*\/fulfillments$/, kind: 'json', body: () => ({ records: [{ id: 'ful-1', location: 'WH-EAST', sku: 'SKU-0001', quantity: 1 }] }) },
  // OCI impex
  { route: /^POST .*\/imports$/, kind: 'json', body: () => ({ fileName: 'fuzz.ndjson', linkDuration: 10 }) },
  { route: /^GET .*\/availability-records\/imports$/, kind: 'none', query: { available: 'true' } },
  { route: /^POST .*\/imports\/uploadlink\/:uploadLinkId$/, kind: 'multipart' },
  { route: /^POST .*\/location-graph\/exports$/, kind: 'json', body: () => ({}) },
  { route: /^POST .*\/availability-records\/exports$/, kind: 'json', body: () => ({ objects: { groups: ['US-ONLINE'] } }) },
  { route: /^POST .*\/product-segmentation\/exports$/, kind: 'json', body: () => ({ groups: ['*'] }) },
  { route: /^POST .*\/event-log\/exports$/, kind: 'json', body: () => ({ sku: 'SKU-0001', startsOn: '2026-03-01T00:00:00Z', locations: ['WH-EAST'] }) },
  { route: /^POST .*\/reservations\/exports$/, kind: 'json', body: () => ({ status: 'open', fromDate: '2026-03-01T00:00:00Z' }) },
  // Salesforce org: OAuth, SOAP, sObjects, Setup
  { route: /^POST \/services\/oauth2\/token$/, kind: 'form', body: () => ({ grant_type: 'client_credentials', client_id: APP.consumerKey, client_secret: APP.consumerSecret }) },
  { route: /^POST \/services\/Soap\//, kind: 'xml', body: () => soapLogin() },
  { route: /^POST \/services\/data\/:version\/sobjects\/:type$/, kind: 'json', body: () => ({ Name: 'Fuzz Warehouse', LocationType: 'Warehouse', ExternalReference: 'FZ-1', IsInventoryLocation: true, ShouldSyncWithOci: true }) },
  { route: /^PATCH \/services\/data\/:version\/sobjects\/:type\/:id$/, kind: 'json', body: () => ({ Name: 'Renamed', Description: 'fuzzed' }) },
  { route: /^POST \/lightning\/setup\/OmnichannelInventory\/home$/, kind: 'json', body: () => ({ b2cCommerceIntegration: true }) },
  { route: /^POST \/lightning\/setup\/C2CTrustRelationships\/home$/, kind: 'json', body: () => ({ cloud: 'Commerce Cloud', remoteTenantUrl: `https://${DEMO.b2c.bmHost}/on/` }) },
  // Connect (OCI through the org)
  { route: /availability-records\/actions\/batch-update$/, kind: 'json', body: () => ({ records: [{ actionRequestId: 'c-1', locationIdentifier: 'WH-EAST', stockKeepingUnit: 'SKU-0001', onHand: 3 }] }) },
  { route: /^POST .*\/commerce\/oci\/availability\/availability-records\/actions\/get-availability$/, kind: 'json', body: () => ({ locationGroupIdentifier: 'US-ONLINE', stockKeepingUnits: ['SKU-0001'] }) },
  { route: /^POST .*\/commerce\/oci\/availability-records\/uploads$/, kind: 'multipart' },
  { route: /reservation\/actions\/reservations$/, kind: 'json', body: () => ({ actionRequestId: 'c-doc-1', expirationSeconds: 600, createRecords: [connectLine] }) },
  { route: /reservation\/actions\/releases$/, kind: 'json', body: () => ({ releaseRecords: [{ actionRequestId: 'cr-1', ...connectLine }] }) },
  { route: /reservation\/actions\/transfers$/, kind: 'json', body: () => ({ transferRecords: [{ actionRequestId: 'ct-1', fromLocationGroupIdentifier: 'US-ONLINE', toLocationIdentifier: 'WH-EAST', quantity: 1, stockKeepingUnit: 'SKU-0001' }] }) },
  { route: /reservation\/actions\/fulfillments$/, kind: 'json', body: () => ({ fulfillmentRecords: [{ actionRequestId: 'cf-1', locationIdentifier: 'WH-EAST', quantity: 1, stockKeepingUnit: 'SKU-0001' }] }) },
  { route: /reservation\/actions\/update$/, kind: 'json', body: () => ({ actionRequestId: 'cu-1', reservationId: 'c-doc-1', updateRecords: [{ locationIdentifier: 'WH-EAST', quantity: 1, stockKeepingUnit: 'SKU-0001' }] }) },
  // B2C: OCAPI Data, WebDAV, Business Manager pages
  { route: /^(PUT|PATCH) .*\/inventory_lists\/:listId$/, kind: 'json', body: () => ({ description: 'fuzzed', default_in_stock: true }) },
  { route: /^(PUT|PATCH) .*\/product_inventory_records\/:productId$/, kind: 'json', body: () => ({ allocation: { amount: 5 }, perpetual: false, pre_order_back_order_handling: 'none' }) },
  { route: /^GET .*\/(inventory_lists|product_inventory_records|stores|sites)$/, kind: 'none', query: { count: '2', start: '0' } },
  { route: /^(PUT|PATCH) .*\/stores\/:storeId$/, kind: 'json', body: () => ({ name: 'Fuzz Store', inventory_id: 'STORE-BOS' }) },
  { route: /^PUT .*\/webdav\/Sites\/Impex\//, kind: 'text', body: () => inventoryXml() },
  { route: /Jobs-Save$/, kind: 'json', body: () => ({ id: 'fuzz-import', steps: [{ type: 'ImportInventoryLists', parameters: { WorkingFolder: 'fuzz', FileNamePattern: '.*\\.xml$', ImportMode: 'Merge' } }] }) },
  { route: /^POST .*\/jobs\/:jobId\/executions$/, kind: 'json', body: () => ({ parameters: [{ name: 'ImportMode', value: 'Merge' }] }) },
  { route: /SiteManagement-Create$/, kind: 'json', body: () => ({ id: 'FuzzSite', name: 'Fuzz Site' }) },
  { route: /SiteManagement-SetStatus$/, kind: 'json', body: () => ({ siteId: 'RefArch', status: 'online' }) },
  { route: /SiteManagement-AssignInventoryList$/, kind: 'json', body: () => ({ siteId: 'RefArch', inventoryListId: 'US-ONLINE' }) },
  { route: /RetentionSettings-Save$/, kind: 'json', body: () => ({ inventoryRecordRetentionDays: 30 }) },
];

export function sampleFor(method: string, template: string): Sample | undefined {
  const key = `${method} ${template}`;
  return SAMPLES.find((s) => s.route.test(key));
}
