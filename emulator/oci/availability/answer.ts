import type { OciTenants } from '../tenants.js';
import type { AvailabilityQuery, PlaceQuery } from './query-service.js';
import { groupRecordView } from './views.js';

// get-availability's answer as bytes, the same bytes JSON.stringify of the views would give: a location's records
// come straight from its columns as JSON text (records/record-json.ts), a group's through the query and its views
// (a group sums its members: the rarer, heavier case). Each SKU is looked up and quoted once per request, not once
// per place.

export function availabilityAnswer(tenants: OciTenants, query: AvailabilityQuery, tenantGroupId: string, places: PlaceQuery): Buffer {
  const state = tenants.state(tenantGroupId);
  const ids = places.skus.map((sku) => state.skuIndex.find(sku));
  const quoted = places.skus.map((sku) => JSON.stringify(sku));
  let out = '{"locations":[';
  for (let i = 0; i < places.locations.length; i++) {
    const locationId = places.locations[i]!;
    const table = state.records.get(locationId);
    let records = '';
    if (table) {
      for (let k = 0; k < ids.length; k++) {
        const record = table.recordJson(ids[k], quoted[k]!);
        if (record !== undefined) records += records === '' ? record : `,${record}`;
      }
    }
    out += `${i === 0 ? '' : ','}{"id":${JSON.stringify(locationId)},"records":[${records}]}`;
  }
  out += ']';
  if (places.groups) {
    const groups = query.run(tenantGroupId, { skus: places.skus, locations: [], groups: places.groups }).groups ?? [];
    out += `,"groups":${JSON.stringify(groups.map((g) => ({ id: g.id, records: g.records.map((r) => groupRecordView(r.sku, r.availability)) })))}`;
  }
  return Buffer.from(`${out}}`, 'utf8');
}
