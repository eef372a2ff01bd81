import crypto = require('node:crypto');

// Builds each request of the availability loads. autocannon `require`s a setupRequest module inside its worker
// thread, so this file is CommonJS and imports nothing of the project. Every request is new: a get-availability
// of 10 random SKUs × 10 random locations, or a batch-update of 10 records at random SKUs and locations with
// random figures, each under an id never used before. The same module builds the requests the suite checks first.

/** The world the requests address, passed as autocannon's initialContext (cloned per cycle: keep it small). */
interface WorldContext {
  /** SKUs are SKU-000001… up to this count, zero-padded to `skuWidth` digits. */
  skus: number;
  skuWidth: number;
  locations: string[];
}

interface Request {
  kind?: 'read' | 'write';
  body?: string | Buffer;
  [key: string]: unknown;
}

const PER_REQUEST = 10;
let written = 0;
// One prefix per worker: ids stay unique across connections, runs and restarts without coordination.
const idPrefix = crypto.randomUUID().slice(0, 18);

function distinct(count: number, below: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, below)) picked.add(Math.floor(Math.random() * below));
  return [...picked];
}

function sku(world: WorldContext, index: number): string {
  return `SKU-${String(index + 1).padStart(world.skuWidth, '0')}`;
}

function readBody(world: WorldContext): { skus: string[]; locations: string[] } {
  return {
    skus: distinct(PER_REQUEST, world.skus).map((i) => sku(world, i)),
    locations: distinct(PER_REQUEST, world.locations.length).map((i) => world.locations[i]!),
  };
}

function writeBody(world: WorldContext): { records: { id: string; sku: string; location: string; onHand: number; safetyStockCount: number }[] } {
  const skus = distinct(PER_REQUEST, world.skus);
  return {
    records: skus.map((s) => ({
      id: `${idPrefix}-${(written++).toString(16).padStart(12, '0')}`,
      sku: sku(world, s),
      location: world.locations[Math.floor(Math.random() * world.locations.length)]!,
      onHand: Math.floor(Math.random() * 1000),
      safetyStockCount: Math.random() < 0.2 ? Math.floor(Math.random() * 5) : 0,
    })),
  };
}

function setupRequest(request: Request, world: WorldContext): Request {
  request.body = JSON.stringify(request.kind === 'write' ? writeBody(world) : readBody(world));
  return request;
}
setupRequest.readBody = readBody;
setupRequest.writeBody = writeBody;

export = setupRequest;
