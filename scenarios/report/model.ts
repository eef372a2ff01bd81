// What a scenario run reports: the JSON a trainer keeps (and CI compares byte for byte between two runs with the
// same seed) and the HTML page is rendered from. Every time in it is the emulator's virtual time, never the wall
// clock, so that the same seed gives the same bytes.

/** Why an oversold unit was oversold: the accounting's cause ids (emulator/oversell/causes.ts). */
export type { OversellCause } from '../../emulator/oversell/causes.js';
import type { OversellCause } from '../../emulator/oversell/causes.js';

/** A moment worth a line on the charts: the switch, an outage, an import, a turn-off. */
export interface Moment {
  at: string;
  kind: 'setup' | 'switch' | 'turn-off' | 'outage-start' | 'outage-end' | 'import' | 'imports-stopped' | 'flash-sale' | 'note';
  label: string;
}

/** What each layer believed a place could sell of a SKU at one moment. */
export interface AvailabilitySample {
  at: string;
  /** Units on the shelf that no order has claimed (negative once orders were taken beyond it). */
  physical: number;
  /** OCI's ATO for the place (what OCI would reserve). */
  oci: number;
  /** What the storefront shows: B2C's ATS for the list (native or the OCI cache, by mode). */
  b2c: number;
}

export interface AvailabilitySeries {
  sku: string;
  /** The location's or group's External Reference (the B2C list id). */
  place: string;
  samples: AvailabilitySample[];
}

export interface OversoldOrder {
  at: string;
  /** `b2c:<instance>` or `channel:<name>`. */
  source: string;
  orderRef: string;
  place: string;
  sku: string;
  quantity: number;
  oversold: number;
  causes: Partial<Record<OversellCause, number>>;
}

export interface OversellSummary {
  orders: number;
  units: number;
  oversoldOrders: number;
  oversoldUnits: number;
  byCause: { cause: OversellCause; label: string; units: number; orders: number }[];
  timeline: OversoldOrder[];
}

export interface SequenceSummary {
  verdict: 'followed' | 'incomplete' | 'not-followed';
  /** One line per step: done, not done, out of order, refused, against a recommendation. */
  steps: { step: string; title: string; status: string; note?: string }[];
}

/** One run of the story (most reports hold one; a comparison holds one per variant, shown side by side). */
export interface RunReport {
  /** `main`, or the variant's name (`without-safety-stock`, `with-safety-stock`). */
  name: string;
  title: string;
  moments: Moment[];
  series: AvailabilitySeries[];
  orders: { placed: number; refused: number; units: number };
  oversell: OversellSummary;
  sequence: SequenceSummary;
  /** The narrative lines printed as the run went, with their virtual time. */
  narrative: { at: string; text: string }[];
}

export interface ScenarioReport {
  /** The report format's version. */
  format: 1;
  scenario: {
    name: string;
    title: string;
    /** One paragraph: what goes wrong and the lesson. */
    lesson: string;
    seed: number;
  };
  startedAt: string;
  endedAt: string;
  runs: RunReport[];
  /** What the scenario expected and whether it held (the test asserts the same). */
  expectations: { text: string; held: boolean }[];
}
