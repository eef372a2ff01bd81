import { Dictionary } from '../../../core/dictionary.js';
import { grown } from '../../../core/columns.js';
import type { OciFuture } from '../../model.js';
import { ABSENT, CLEARED } from './parsed-batch.js';

// Records of an import waiting to apply, as columns: a million of them are a few typed arrays, not a million
// objects. Locations and dates are kept once each (Dictionary) and referred to by code.

export class Staged {
  n = 0;
  /** The job's locations; records refer to them by code. */
  readonly places = new Dictionary();
  /** Effective dates met, referred to by `dateCodes`. */
  readonly dates = new Dictionary();
  /** Futures lists named by records, referred to by `futureCodes` (most records name none). */
  futureLists: OciFuture[][] = [];
  skuIds: Int32Array<ArrayBuffer> = new Int32Array(1024);
  locations: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** ABSENT, CLEARED, or a code of `dates`. */
  dateCodes: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** ABSENT or an index into `futureLists`. */
  futureCodes: Int32Array<ArrayBuffer> = new Int32Array(1024);
  onHand: Float64Array<ArrayBuffer> = new Float64Array(1024);
  safety: Float64Array<ArrayBuffer> = new Float64Array(1024);
  lines: Int32Array<ArrayBuffer> = new Int32Array(1024);
  /** recordId hash pairs. */
  ids: Uint32Array<ArrayBuffer> = new Uint32Array(2048);

  /** `dateCode`: ABSENT, CLEARED or a code of `dates`; `futures`: undefined when absent. */
  push(skuId: number, placeCode: number, line: number, a: number, b: number, onHand: number, safety: number, dateCode: number, futures: OciFuture[] | undefined): void {
    const i = this.n++;
    if (i === this.onHand.length) this.#grow();
    this.skuIds[i] = skuId;
    this.locations[i] = placeCode;
    this.onHand[i] = onHand;
    this.safety[i] = safety;
    this.lines[i] = line;
    this.ids[i * 2] = a;
    this.ids[i * 2 + 1] = b;
    this.dateCodes[i] = dateCode;
    if (futures === undefined) this.futureCodes[i] = ABSENT;
    else {
      this.futureCodes[i] = this.futureLists.length;
      this.futureLists.push(futures);
    }
  }

  effectiveDate(i: number): string | null | undefined {
    const code = this.dateCodes[i]!;
    return code === ABSENT ? undefined : code === CLEARED ? null : this.dates.value(code);
  }

  futures(i: number): OciFuture[] | undefined {
    const code = this.futureCodes[i]!;
    return code === ABSENT ? undefined : this.futureLists[code];
  }

  #grow(): void {
    const capacity = this.onHand.length * 2;
    this.skuIds = grown(this.skuIds, capacity);
    this.locations = grown(this.locations, capacity);
    this.dateCodes = grown(this.dateCodes, capacity);
    this.futureCodes = grown(this.futureCodes, capacity);
    this.onHand = grown(this.onHand, capacity);
    this.safety = grown(this.safety, capacity);
    this.lines = grown(this.lines, capacity);
    this.ids = grown(this.ids, capacity * 2);
  }
}
