// Why an oversold unit was oversold. The ids are the report's and the API's; each has the label a trainer reads
// and the lesson it teaches (emulator-behaviour.md "Overselling: what the emulator counts", docs/oversell.md).

export const CAUSES = {
  'stale-oci-data': {
    label: 'Stale OCI data',
    lesson: 'OCI had not been told of a physical change (a shipment, a count, another channel’s order, an import stating more than was there).',
  },
  'pos-lag-no-safety-stock': {
    label: 'No safety stock to absorb POS lag',
    lesson: 'Store sales reach OCI only with the next import; safety stock at least the largest lag keeps those units off sale.',
  },
  'cache-lag': {
    label: 'Cache lag',
    lesson: 'OCI was too slow or throttled, so B2C captured the order on its cache, which trails OCI.',
  },
  'unexported-native-reservations': {
    label: 'Unexported native reservations at activation',
    lesson: 'Orders that held native inventory before the switch were never exported and reserved in OCI, so OCI sold their units again.',
  },
  'storefront-online-during-switch': {
    label: 'Storefront left online during the switch',
    lesson: 'Orders taken on native inventory in the minutes around the switch never reached OCI: switch at a quiet time with the storefront offline.',
  },
  'turned-off-stale-native': {
    label: 'Integration turned off with stale native data',
    lesson: 'Back on native inventory, B2C sold from records that stopped being updated when the integration was on.',
  },
  'oci-outage-capture': {
    label: 'OCI outage order capture',
    lesson: 'While OCI was down, B2C took orders on its last cached figures; what the capture job could not reserve afterwards was oversold.',
  },
  'stale-native-data': {
    label: 'Stale native B2C data',
    lesson: 'Before the integration, B2C’s own inventory had not been told of a physical change.',
  },
} as const satisfies Record<string, { label: string; lesson: string }>;

export type OversellCause = keyof typeof CAUSES;

export const CAUSE_IDS = Object.keys(CAUSES) as OversellCause[];

export function causeLabel(cause: OversellCause): string {
  return CAUSES[cause].label;
}
