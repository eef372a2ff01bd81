import crypto = require('node:crypto');
import fs = require('node:fs');

// Builds each request of the storefront loads. autocannon `require`s a setupRequest module inside its worker
// thread, so this file is CommonJS and imports nothing of the project. Reads are a random shopper's: Shopper
// Availability of 1–24 random SKUs, or Shopper Products of one random SKU, each with a token drawn from a pool of
// real SLAS tokens; a write is an OCI batch-update of 10 random records (random SKUs at random member locations of
// the site's group) under new ids; an order is POST Shopper Orders of the next basket prepared beforehand, with
// its own shopper's token. Tokens and baskets are too big for the context autocannon clones per cycle: they are
// read once per worker from `dataFile`. The suite builds its checked requests with the same functions.

/** The world the requests address, passed as autocannon's initialContext (cloned per cycle: keep it small). */
interface StorefrontContext {
  /** JSON of StorefrontData. */
  dataFile: string;
  /** SKUs are SKU-00001… up to this count, zero-padded to `skuWidth` digits. */
  skus: number;
  skuWidth: number;
  siteId: string;
  /** Paths: Shopper Availability, Shopper Products' `…/products`, Shopper Orders' `…/orders`, OCI's batch-update. */
  availability: string;
  products: string;
  orders: string;
  batchUpdate: string;
  /** Where writes go: the member locations of the site's group. */
  locations: string[];
  /** onHand of a write is drawn from [low, high). */
  onHand: [number, number];
}

interface StorefrontData {
  /** Shopper tokens the reads draw from. */
  tokens: string[];
  /** The OCI write's bearer token (an integration's). */
  ociToken: string;
  /** Baskets ready to order, each with its shopper's token, used once each in order. */
  baskets: { token: string; basketId: string }[];
}

interface Request {
  kind?: 'availability' | 'product' | 'write' | 'order';
  path?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  [key: string]: unknown;
}

const MAX_IDS = 24;
const PER_WRITE = 10;
const loaded = new Map<string, { data: StorefrontData; next: number }>();
let written = 0;
// One prefix per worker: ids stay unique across connections, runs and restarts without coordination.
const idPrefix = `sf-${crypto.randomUUID().slice(0, 18)}`;

function data(ctx: StorefrontContext): { data: StorefrontData; next: number } {
  let d = loaded.get(ctx.dataFile);
  if (!d) loaded.set(ctx.dataFile, (d = { data: JSON.parse(fs.readFileSync(ctx.dataFile, 'utf8')) as StorefrontData, next: 0 }));
  return d;
}

const pick = (k: number) => Math.floor(Math.random() * k);

function distinct(count: number, below: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, below)) picked.add(pick(below));
  return [...picked];
}

function sku(ctx: StorefrontContext, index: number): string {
  return `SKU-${String(index + 1).padStart(ctx.skuWidth, '0')}`;
}

/** 1–24 distinct random SKUs. */
function randomIds(ctx: StorefrontContext, count = 1 + pick(MAX_IDS)): string[] {
  return distinct(count, ctx.skus).map((i) => sku(ctx, i));
}

function randomSku(ctx: StorefrontContext): string {
  return sku(ctx, pick(ctx.skus));
}

function availabilityPath(ctx: StorefrontContext, ids: readonly string[]): string {
  return `${ctx.availability}?siteId=${ctx.siteId}&productIds=${ids.join(',')}`;
}

function productPath(ctx: StorefrontContext, id: string): string {
  return `${ctx.products}/${id}?siteId=${ctx.siteId}&expand=availability,prices,variations`;
}

function orderPath(ctx: StorefrontContext): string {
  return `${ctx.orders}?siteId=${ctx.siteId}`;
}

function writeBody(ctx: StorefrontContext): { records: { id: string; sku: string; location: string; onHand: number; safetyStockCount: number }[] } {
  const [low, high] = ctx.onHand;
  return {
    records: distinct(PER_WRITE, ctx.skus).map((s) => ({
      id: `${idPrefix}-${(written++).toString(16).padStart(12, '0')}`,
      sku: sku(ctx, s),
      location: ctx.locations[pick(ctx.locations.length)]!,
      onHand: low + pick(high - low),
      safetyStockCount: 0,
    })),
  };
}

function setupRequest(request: Request, ctx: StorefrontContext): Request {
  const d = data(ctx);
  const headers = (request.headers ??= {});
  const shopper = () => d.data.tokens[pick(d.data.tokens.length)]!;
  switch (request.kind) {
    case 'availability':
      request.path = availabilityPath(ctx, randomIds(ctx));
      headers.authorization = `Bearer ${shopper()}`;
      break;
    case 'product':
      request.path = productPath(ctx, randomSku(ctx));
      headers.authorization = `Bearer ${shopper()}`;
      break;
    case 'write':
      request.path = ctx.batchUpdate;
      request.body = JSON.stringify(writeBody(ctx));
      headers.authorization = `Bearer ${d.data.ociToken}`;
      headers['content-type'] = 'application/json';
      break;
    case 'order': {
      // Each basket once; past the last, a basket already ordered (the emulator answers 404: the run shows it).
      const basket = d.data.baskets[d.next++ % d.data.baskets.length]!;
      request.path = orderPath(ctx);
      request.body = JSON.stringify({ basketId: basket.basketId });
      headers.authorization = `Bearer ${basket.token}`;
      headers['content-type'] = 'application/json';
      break;
    }
    default:
      throw new Error(`unknown storefront request kind ${String(request.kind)}`);
  }
  return request;
}
setupRequest.randomIds = randomIds;
setupRequest.randomSku = randomSku;
setupRequest.availabilityPath = availabilityPath;
setupRequest.productPath = productPath;
setupRequest.orderPath = orderPath;
setupRequest.writeBody = writeBody;

export = setupRequest;
