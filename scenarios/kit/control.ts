import type { Http } from './http.js';

// The emulator's control plane as a scenario uses it: the world to start from, the virtual clock (the story owns
// it: frozen, moved only by the story), strict or lenient enforcement, OCI faults, the physical world's events,
// and the reports (oversell, sequence, the shelf).

export interface Cell {
  location: string;
  sku: string;
  onHand: number;
  claimed: number;
  free: number;
  oci: { onHand: number; aheadBy: number };
}

export class Control {
  /** The virtual time now, as the clock last answered. */
  now = 0;

  constructor(private readonly http: Http) {}

  async loadFixture(name: string, seed: number): Promise<void> {
    await this.http.post('/__emulator/fixtures', { body: { name, seed } });
  }

  async startClock(at: string): Promise<void> {
    await this.http.post('/__emulator/clock/freeze');
    this.now = (await this.http.post('/__emulator/clock/set', { body: { time: at } })).body.epochMs;
  }

  /**
   * Moves the clock on; every job due on the way runs (cache deltas, expiries, capture, provisioning), and the
   * answer waits for the work they started off the clock, so every run of a story sees the same world.
   */
  async advance(ms: number): Promise<void> {
    this.now = (await this.http.post('/__emulator/clock/advance', { body: { by: Math.max(0, ms), settle: true } })).body.epochMs;
  }

  iso(): string {
    return new Date(this.now).toISOString();
  }

  async enforcement(mode: 'strict' | 'lenient'): Promise<void> {
    await this.http.put('/__emulator/enforcement', { body: { enforcement: mode } });
  }

  async fault(kind: 'down' | 'throttle' | 'slow', body: Record<string, unknown> = {}): Promise<void> {
    await this.http.post('/__emulator/faults/oci', { body: { kind, ...body } });
  }

  async recover(): Promise<void> {
    await this.http.delete('/__emulator/faults/oci');
  }

  /** A batch of physical events of one kind; answers how many were refused (a sale of what is not free). */
  async physical(kind: 'counts' | 'receipts' | 'shipments' | 'pos-sales' | 'orders', events: readonly object[]): Promise<number> {
    let refused = 0;
    for (let i = 0; i < events.length; i += 5_000) {
      const res = await this.http.post(`/__emulator/physical/${kind}`, { body: { events: events.slice(i, i + 5_000) } });
      refused += (res.body.refused as unknown[]).length;
    }
    return refused;
  }

  async cells(query: { location?: string; sku?: string } = {}): Promise<Cell[]> {
    const params = new URLSearchParams({ limit: '1000000', ...query });
    return (await this.http.get(`/__emulator/physical?${params}`)).body.cells as Cell[];
  }

  async oversell(limit = 1_000_000) {
    return (await this.http.get(`/__emulator/oversell?limit=${limit}`)).body;
  }

  /** Domain events of a type (`b2c.order.*`), oldest first: what the products said happened. */
  async events<T = Record<string, unknown>>(type: string): Promise<{ time: string; data: T }[]> {
    return (await this.http.get(`/__emulator/journal?kind=event&type=${encodeURIComponent(type)}&limit=10000`)).body.entries;
  }

  async sequence(instanceId: string) {
    return (await this.http.get(`/__emulator/sequence?instance=${encodeURIComponent(instanceId)}`)).body;
  }
}
