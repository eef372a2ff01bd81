import { CLOSE_ARRAY, CLOSE_OBJECT, COMMA, fragment, JsonBytes } from '../../core/json-bytes.js';
import { CELLS } from '../records/record-columns.js';
import { recordHead } from '../records/record-json.js';
import type { OciFuture } from '../model.js';
import type { OciTenants } from '../tenants.js';
import type { AvailabilityQuery, PlaceQuery } from './query-service.js';
import { groupRecordView } from './views.js';

// get-availability's answer as bytes, the same bytes JSON.stringify of the views would give: a location's records
// are written straight from its columns (records/record-json.ts), a group's through the query and its views
// (a group sums its members: the rarer, heavier case). Each SKU is looked up, and the head of its records made,
// once per request, not once per place.

const OPEN = fragment('{"locations":[');
const LOCATION = fragment('{"id":');
const RECORDS = fragment(',"records":[');
const CLOSE_LOCATION = fragment(']}');
const GROUPS = fragment(',"groups":');
/** About what one record takes, to size the buffer once for most answers. */
const RECORD_BYTES = 200;

export function availabilityAnswer(tenants: OciTenants, query: AvailabilityQuery, tenantGroupId: string, places: PlaceQuery): Buffer {
  const state = tenants.state(tenantGroupId);
  const n = places.skus.length;
  const ids = new Int32Array(n);
  for (let k = 0; k < n; k++) ids[k] = state.skuIndex.find(places.skus[k]!) ?? -1;
  // Every place's rows, then every row's figures, before any is written (records/record-json.ts says why).
  const tables = places.locations.map((id) => state.records.get(id));
  const rows = new Int32Array(tables.length * n).fill(-1);
  const figures = new Float64Array(rows.length * CELLS);
  const futures = new Array<OciFuture[] | undefined>(rows.length);
  for (let i = 0; i < tables.length; i++) tables[i]?.findRows(ids, rows, i * n);
  for (let i = 0; i < tables.length; i++) tables[i]?.readRows(rows, i * n, n, figures, futures);

  const heads = places.skus.map(recordHead);
  const out = new JsonBytes(64 + tables.length * (64 + n * RECORD_BYTES));
  out.raw(OPEN);
  for (let i = 0; i < tables.length; i++) {
    if (i > 0) out.raw(COMMA);
    out.raw(LOCATION).utf8(JSON.stringify(places.locations[i]!)).raw(RECORDS);
    const table = tables[i];
    let written = false;
    for (let k = i * n; table && k < (i + 1) * n; k++) {
      if (rows[k]! < 0) continue;
      table.writeRead(out, figures, futures, k, heads[k - i * n]!, written);
      written = true;
    }
    out.raw(CLOSE_LOCATION);
  }
  out.raw(CLOSE_ARRAY);
  if (places.groups) {
    const groups = query.run(tenantGroupId, { skus: places.skus, locations: [], groups: places.groups }).groups ?? [];
    out.raw(GROUPS).utf8(JSON.stringify(groups.map((g) => ({ id: g.id, records: g.records.map((r) => groupRecordView(r.sku, r.availability)) }))));
  }
  return out.raw(CLOSE_OBJECT).bytes();
}
