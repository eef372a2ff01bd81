import type { AvailabilitySample, OversoldOrder, RunReport, ScenarioReport } from '../../scenarios/report/model.js';

// Hand-built scenario reports for the renderer's tests: a cutover with oversold units from three causes and an
// escaped SKU, a side-by-side comparison (one run oversells nothing), and a run with more series than fit.

const T0 = Date.UTC(2025, 2, 1, 9, 0, 0);
export const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();
export const EVIL_SKU = 'TEE-<b>&"\'-M';

/** Availability every 5 virtual minutes; `layers(m)` says what each layer believed at minute m. */
function samples(until: number, layers: (m: number) => Omit<AvailabilitySample, 'at'>): AvailabilitySample[] {
  const out: AvailabilitySample[] = [];
  for (let m = 0; m <= until; m += 5) out.push({ at: at(m), ...layers(m) });
  return out;
}

export function order(minute: number, ref: string, sku: string, place: string, quantity: number, causes: OversoldOrder['causes']): OversoldOrder {
  const oversold = Object.values(causes).reduce((a, b) => a + (b ?? 0), 0);
  return { at: at(minute), source: 'b2c:RefArch', orderRef: ref, place, sku, quantity, oversold, causes };
}

const SEQUENCE_STEPS: RunReport['sequence']['steps'] = [
  { step: 'trust.requested', title: 'Request the OCI trust', status: 'done' },
  { step: 'locations.imported', title: 'Import locations and groups', status: 'done' },
  { step: 'inventory.imported', title: 'Full inventory import', status: 'done' },
  { step: 'storefront.offline', title: 'Take the storefront offline for the switch', status: 'not done', note: 'Orders kept coming during the switch.' },
  { step: 'oci.enabled', title: 'Switch the site to OCI', status: 'out of order', note: 'Switched before the delta import finished.' },
];

export function cutoverReport(): ScenarioReport {
  const timeline = [
    order(42, 'ORD-00017', EVIL_SKU, 'warehouse-east', 3, { 'storefront-online-during-switch': 2 }),
    order(47, 'ORD-00021', EVIL_SKU, 'warehouse-east', 2, { 'storefront-online-during-switch': 1, 'cache-lag': 1 }),
    order(63, 'ORD-00030', 'MUG-001', 'store-boston', 4, { 'cache-lag': 3 }),
    order(88, 'ORD-00041', EVIL_SKU, 'warehouse-east', 1, { 'stale-oci-data': 1 }),
    order(96, 'ORD-00044', 'MUG-001', 'store-boston', 2, { 'stale-oci-data': 2 }),
  ];
  const main: RunReport = {
    name: 'main',
    title: 'Switch to OCI with the storefront online',
    moments: [
      { at: at(-30), kind: 'setup', label: 'Locations and groups imported' },
      { at: at(10), kind: 'import', label: 'Full inventory import' },
      { at: at(40), kind: 'switch', label: 'Site switched to OCI' },
      { at: at(60), kind: 'outage-start', label: 'OCI outage' },
      { at: at(75), kind: 'outage-end', label: 'OCI back' },
      { at: at(90), kind: 'flash-sale', label: 'Flash sale' },
    ],
    series: [
      { sku: EVIL_SKU, place: 'warehouse-east', samples: samples(120, (m) => ({ physical: 12 - Math.floor(m / 10), oci: m < 40 ? 12 : 12 - Math.floor((m - 40) / 15), b2c: m < 45 ? 12 : 9 })) },
      { sku: 'MUG-001', place: 'store-boston', samples: samples(120, (m) => ({ physical: 8 - Math.floor(m / 12), oci: 8 - Math.floor(m / 20), b2c: m < 60 ? 8 - Math.floor(m / 20) : 6 })) },
    ],
    orders: { placed: 48, refused: 3, units: 71 },
    oversell: {
      orders: 48,
      units: 71,
      oversoldOrders: 5,
      oversoldUnits: 10,
      byCause: [
        { cause: 'storefront-online-during-switch', label: 'Storefront online during the switch', units: 3, orders: 2 },
        { cause: 'cache-lag', label: 'B2C cache lag', units: 4, orders: 2 },
        { cause: 'stale-oci-data', label: 'Stale OCI data', units: 3, orders: 2 },
        { cause: 'oci-outage-capture', label: 'Captured during an OCI outage', units: 0, orders: 0 },
      ],
      timeline,
    },
    sequence: { verdict: 'not-followed', steps: SEQUENCE_STEPS },
    narrative: [
      { at: at(0), text: 'Shoppers start browsing; native inventory is the source of truth.' },
      { at: at(40), text: `The site switches to OCI while ${EVIL_SKU} is still selling.` },
      { at: at(60), text: 'OCI stops answering for 15 minutes; B2C keeps its cached ATS.' },
    ],
  };
  return {
    format: 1,
    scenario: {
      name: 'cutover-<online>',
      title: 'Cutover with the storefront online',
      lesson: 'Switching a site to OCI while it takes orders lets the storefront sell units OCI never reserved: take the storefront offline, switch, run a delta import, then reopen.',
      seed: 4242,
    },
    startedAt: at(-30),
    endedAt: at(120),
    runs: [main],
    expectations: [
      { text: 'Units are oversold while the storefront stays online', held: true },
      { text: 'Every oversold unit has a cause', held: true },
      { text: 'The sequence checker flags the switch', held: false },
    ],
  };
}

function posLagRun(withSafetyStock: boolean): RunReport {
  const oversold = withSafetyStock ? [] : [
    order(31, 'ORD-00012', 'SNEAKER-42', 'store-nyc', 2, { 'pos-lag-no-safety-stock': 1 }),
    order(38, 'ORD-00015', 'SNEAKER-42', 'store-nyc', 1, { 'pos-lag-no-safety-stock': 1 }),
    order(52, 'ORD-00019', 'SNEAKER-42', 'store-nyc', 3, { 'pos-lag-no-safety-stock': 3 }),
  ];
  const units = oversold.reduce((n, o) => n + o.oversold, 0);
  const safety = withSafetyStock ? 3 : 0;
  return {
    name: withSafetyStock ? 'with-safety-stock' : 'without-safety-stock',
    title: withSafetyStock ? 'With a safety stock of 3' : 'Without safety stock',
    moments: [
      { at: at(0), kind: 'import', label: 'Full import' },
      { at: at(25), kind: 'note', label: 'POS sales not yet reported' },
      { at: at(55), kind: 'import', label: 'POS delta import' },
    ],
    series: [
      { sku: 'SNEAKER-42', place: 'store-nyc', samples: samples(60, (m) => ({ physical: (withSafetyStock ? 4 : 4 - Math.floor(m / 15)) - (m >= 25 ? 3 : 0), oci: m < 55 ? 6 - safety : 0, b2c: m < 55 ? Math.max(6 - safety - Math.floor(m / 20), 0) : 0 })) },
      { sku: 'SNEAKER-43', place: 'store-nyc', samples: samples(60, (m) => ({ physical: 9 - Math.floor(m / 20), oci: 9 - safety - Math.floor(m / 30), b2c: 9 - safety - Math.floor(m / 30) })) },
    ],
    orders: { placed: withSafetyStock ? 9 : 12, refused: withSafetyStock ? 3 : 0, units: withSafetyStock ? 11 : 17 },
    oversell: {
      orders: withSafetyStock ? 9 : 12,
      units: withSafetyStock ? 11 : 17,
      oversoldOrders: oversold.length,
      oversoldUnits: units,
      byCause: [{ cause: 'pos-lag-no-safety-stock', label: 'POS lag without safety stock', units, orders: oversold.length }],
      timeline: oversold,
    },
    sequence: { verdict: withSafetyStock ? 'followed' : 'incomplete', steps: SEQUENCE_STEPS.slice(0, 3).concat(withSafetyStock ? [] : [{ step: 'safety-stock.set', title: 'Set a safety stock on store locations', status: 'not done' }]) },
    narrative: [{ at: at(25), text: 'Three pairs sold at the till; OCI hears of it at the next delta import.' }],
  };
}

export function posLagReport(): ScenarioReport {
  return {
    format: 1,
    scenario: {
      name: 'pos-lag-safety-stock',
      title: 'POS lag: without vs with safety stock',
      lesson: 'Stores report till sales in batches, so OCI over-counts store stock between imports; a safety stock per location absorbs the lag.',
      seed: 7,
    },
    startedAt: at(0),
    endedAt: at(60),
    runs: [posLagRun(false), posLagRun(true)],
    expectations: [{ text: 'Safety stock removes the oversell', held: true }],
  };
}

/** A run with more series than the page draws: the oversold ones must be kept, in the report's order. */
export function crowdedRun(): RunReport {
  const run = posLagRun(false);
  const flat = (sku: string) => ({ sku, place: 'store-nyc', samples: samples(60, () => ({ physical: 5, oci: 5, b2c: 5 })) });
  run.series = [flat('SOCK-1'), flat('SOCK-2'), flat('SOCK-3'), flat('SOCK-4'), flat('SOCK-5'), run.series[0]!, flat('SOCK-6'), flat('SOCK-7')];
  return run;
}
