import type { Emulator } from '../../emulator/index.js';
import { OVERSELL_NAMESPACE } from '../../emulator/oversell/accounting/model.js';
import { StoredOversell } from '../../emulator/oversell/accounting/stored.js';
import { oversellView } from '../../emulator/oversell/accounting/views.js';
import { emptyResult, outcomeOf, replayDay, tally, type RunResult } from './trading-day-replay.js';
import type { Batch, Day } from './trading-day-stream.js';

// The trading-day bench's baseline (bench/suites/trading-day.ts): the same stream straight into an in-process
// emulator that is not listening, through services.physical.apply, and the same records the hourly import files
// hold written with OCI's import writer, no HTTP, no file, no parsing; what the HTTP run costs beyond it is the
// client, the transport and the import pipeline.

export async function bareRun(day: Day, emulator: Emulator): Promise<RunResult> {
  const r = emptyResult();
  const physical = emulator.services.physical;
  const oci = emulator.services.oci;
  if (!physical || !oci) throw new Error('the emulator has no physical world or no OCI');
  const { tenantGroupId: tg, locations, skus } = day.facts;
  if (oci.placeOf(tg, locations[0]!) !== 'location') throw new Error(`the bare emulator has no tenant group ${tg} with location ${locations[0]}`);
  const apply = (b: Batch) => {
    const outcome = physical.apply(b.kind, b.events);
    tally(r, b.kind, outcome.applied, outcome.refused.length);
  };
  const S = skus.length;
  const NO_FUTURES: [] = [];

  return replayDay(day, r, {
    label: 'bare',
    name: 'bare replay',
    apply(batches) {
      for (const b of batches) apply(b);
    },
    // The same records as the file, written as an import writes them (grouped by location, as the engine applies).
    importHour(_h, hour) {
      const writer = oci.domain.updates.importWriter(tg, 'location_import');
      writer.reserve(day.cells);
      const skuIds = skus.map((sku) => writer.skuId(sku));
      let written = 0;
      for (let l = 0; l < locations.length; l++) {
        const slot = writer.openLocation(locations[l]!);
        for (let s = 0; s < S; s++) if (writer.applyAt(slot, skuIds[s]!, hour.shelf[l * S + s]!, Number.NaN, hour.effectiveDate, NO_FUTURES)) written++;
      }
      writer.flush();
      writer.finish();
      return written;
    },
    advance: (by) => emulator.clock.advance(by),
    report() {
      const stored = emulator.store.ensure<StoredOversell>(OVERSELL_NAMESPACE, () => new StoredOversell());
      return outcomeOf(oversellView(stored.places.values(), stored.orders.values(), { limit: 1, format: 'json' }));
    },
  });
}
