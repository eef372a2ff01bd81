import { gzipSync } from 'node:zlib';
import { Rng } from '../../emulator/core/rng.js';
import type { RouteInfo } from '../../emulator/index.js';
import { badAuthorization, credentialFor, type Credentials } from './auth.js';
import { hostileNdjson, hostileXml, multipart, partName, soapLogin } from './files.js';
import { encode, HOSTILE_SEGMENTS, hostileKey, hostileString, hostileValue, Obj, PROTO_NAMES, render, tree } from './hostile.js';
import { hostileJson } from './json-mutations.js';
import type { WireRequest } from './http.js';
import type { Pools } from './pools.js';
import { sampleFor, type BodyKind } from './samples.js';
import { fillTemplate, parseTemplate, type Template } from './templates.js';

// One fuzz case: a route of the route table, a method, and a request that is valid except in one place (its
// focus): the path, the query, the headers, the body or the credentials. Everything a case draws comes from its
// own seeded generator (seed, case number), so a failing case is made again by the same seed and number.

export type Focus = 'valid' | 'path' | 'query' | 'headers' | 'body' | 'auth';
const FOCUS: [Focus, number][] = [['valid', 10], ['path', 18], ['query', 7], ['headers', 9], ['body', 44], ['auth', 12]];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const ODD_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'SEARCH', 'PURGE', 'QUERY'];

export interface RouteGroup {
  template: Template;
  /** The methods it has handlers for (the 405 catch-all aside). */
  methods: string[];
  family: RouteInfo['family'];
}

/** The route table folded by path: one entry per template with its methods. */
export function groupRoutes(routes: readonly RouteInfo[]): RouteGroup[] {
  const byPath = new Map<string, RouteGroup>();
  for (const r of routes) {
    let g = byPath.get(r.path);
    if (!g) byPath.set(r.path, (g = { template: parseTemplate(r.path), methods: [], family: r.family }));
    if (r.method !== 'ALL') g.methods.push(r.method);
  }
  return [...byPath.values()];
}

export interface Plan {
  index: number;
  focus: Focus;
  group: RouteGroup;
  method: string;
  /** Requests to send first (a recipe's setup), then the case's own; `bind` reads the setup's answers. */
  before: WireRequest[];
  build(bound: Record<string, string>): WireRequest;
}

export interface Recipe {
  target: RegExp;
  before(rng: Rng, group: RouteGroup, creds: Credentials): WireRequest[];
  bind(answers: (Buffer | undefined)[]): Record<string, string>;
}

export function planCase(seed: number, index: number, groups: readonly RouteGroup[], pools: Pools, creds: Credentials, recipes: readonly Recipe[]): Plan {
  const rng = new Rng(seed, `case:${index}`);
  const group = rng.pick(groups);
  const method = group.methods.length > 0 && rng.next() < 0.85 ? rng.pick(group.methods) : rng.pick(ODD_METHODS);
  const recipe = recipes.find((r) => r.target.test(`${method} ${group.template.path}`));
  const useRecipe = recipe !== undefined && rng.next() < 0.5;
  const focus: Focus = useRecipe ? 'valid' : weighted(rng, FOCUS);
  const before = useRecipe ? recipe.before(rng, group, creds) : [];
  return {
    index,
    focus,
    group,
    method,
    before,
    build: (bound) => buildRequest(rng, { group, method, focus, pools, creds, bound }),
  };
}

interface Build {
  group: RouteGroup;
  method: string;
  focus: Focus;
  pools: Pools;
  creds: Credentials;
  bound: Record<string, string>;
}

function buildRequest(rng: Rng, b: Build): WireRequest {
  const t = b.group.template;
  const sample = sampleFor(b.method, t.path);
  const hostileParam = b.focus === 'path' && t.params.length > 0 ? rng.pick(t.params) : undefined;
  const allHostile = hostileParam !== undefined && rng.next() < 0.15;
  let path = fillTemplate(
    t,
    (name, wild) => {
      if (b.bound[name] !== undefined) return b.bound[name]!;
      if (name === hostileParam || allHostile) return wild ? hostileWild(rng) : hostileSegment(rng);
      return b.pools.pick(rng, t, name) ?? (wild ? 'src/fuzz/file.xml' : 'fuzz-1');
    },
    () => rng.next() < 0.5,
  );
  if (b.focus === 'path' && (t.params.length === 0 || rng.next() < 0.2)) path = bendPath(rng, path);

  const headers: Record<string, string> = { accept: rng.pick(['*/*', 'application/json', 'text/html', 'application/xml']) };
  const own = credentialFor(path);
  const auth = b.focus === 'auth' ? badAuthorization(rng, b.creds, own) : b.creds[own];
  if (auth !== undefined) headers.authorization = auth;
  if (path.startsWith('/services/Soap/') && !(b.focus === 'headers' && rng.next() < 0.5)) headers.soapaction = 'login';

  const query = b.focus === 'query' ? hostileQuery(rng) : sample?.query ? new URLSearchParams(sample.query).toString() : '';
  const kind: BodyKind = sample?.kind ?? (BODY_METHODS.has(b.method) ? 'json' : 'none');
  const made = makeBody(rng, kind, b, sample?.body?.((name) => b.pools.named(rng, name)), t.path);
  if (made) headers['content-type'] = made.type;
  const request: WireRequest = { method: b.method, path: query ? `${path}?${query}` : path, headers, body: made?.body };
  if (b.focus === 'headers') bendHeaders(rng, request);
  return request;
}

function makeBody(rng: Rng, kind: BodyKind, b: Build, valid: unknown, template: string): { body: Buffer; type: string } | undefined {
  const hostile = b.focus === 'body';
  switch (kind) {
    case 'none':
      return hostile ? { body: Buffer.from(render(hostileValue(rng))), type: 'application/json' } : undefined;
    case 'form': {
      const fields = (valid ?? {}) as Record<string, string>;
      return { body: hostile ? hostileForm(rng, fields) : Buffer.from(new URLSearchParams(fields).toString()), type: 'application/x-www-form-urlencoded' };
    }
    case 'xml': {
      const xml = typeof valid === 'string' ? valid : soapLogin();
      return { body: Buffer.from(hostile ? hostileXml(rng, xml) : xml), type: rng.pick(['text/xml; charset=UTF-8', 'text/xml', 'application/soap+xml']) };
    }
    case 'text': {
      const text = String(valid ?? '');
      return { body: Buffer.from(hostile ? hostileXml(rng, text) : text), type: 'application/xml' };
    }
    case 'multipart': {
      const file = hostileNdjson(rng, template.includes('product-segmentation'));
      const part = partName(rng);
      const made = multipart(rng, [{ ...part, contentType: rng.pick(['application/json', 'application/x-ndjson', 'application/octet-stream']), content: file }], hostile && rng.next() < 0.4);
      return { body: made.body, type: made.contentType };
    }
    case 'json': {
      const base = valid === undefined ? new Obj([]) : tree(valid);
      return { body: hostile ? hostileJson(rng, base) : Buffer.from(render(base)), type: 'application/json' };
    }
  }
}

function hostileSegment(rng: Rng): string {
  const r = rng.next();
  if (r < 0.03) return 'x'.repeat(100 * 1024);
  if (r < 0.08) return 'a'.repeat(rng.pick([256, 2_000, 8_000]));
  return rng.pick(HOSTILE_SEGMENTS);
}

function hostileWild(rng: Rng): string {
  return rng.pick(['../../../etc/passwd', 'src/../../x', '%2e%2e/%2e%2e/x', '__proto__/x', 'src/__proto__', 'constructor/prototype', `${'a/'.repeat(300)}x`, 'src/%zz.xml', 'src/a%00.xml', '%2F%2F', hostileSegment(rng)]);
}

/** The path bent as a whole: a trailing slash, doubled slashes, another case, dot segments. */
function bendPath(rng: Rng, path: string): string {
  const options = [
    () => `${path}/`,
    () => path.replace(/\//g, '//'),
    () => path.toUpperCase(),
    () => `${path}/..`,
    () => `${path}/%2e%2e/%2e%2e`,
    () => path.replace(/\/[^/]*$/, '/./$&'),
    () => `${path};jsessionid=1`,
    () => `${path}%00`,
    () => `${path}/extra/segments`,
    () => `${path}#frag`,
    () => path.replace(/^\//, '//'),
    () => `${path}?${'a=1&'.repeat(2_000)}`,
  ];
  return rng.pick(options)();
}

function hostileQuery(rng: Rng): string {
  const names = ['count', 'start', 'available', 'limit', 'kind', 'since', 'until', 'tenant', 'to', 'page', 'size', 'select', 'expand', 'afterSeq', 'status', 'by', 'time'];
  const options = [
    () => `${rng.pick(names)}=${encode(hostileString(rng).slice(0, 2_000))}`,
    () => `${rng.pick(names)}=${rng.pick(['1e308', '-1', '-0', 'NaN', '9007199254740993', '0x10', '1.5', ''])}`,
    () => `${rng.pick(names)}=${rng.pick(HOSTILE_SEGMENTS)}`,
    () => `${rng.pick(names)}[${rng.pick(PROTO_NAMES)}]=1`,
    () => '__proto__[polluted]=1&constructor[prototype][polluted]=1',
    () => `a${'[b]'.repeat(100)}=1`,
    () => Array.from({ length: 1_500 }, () => `${rng.pick(names)}[]=1`).join('&'),
    () => `${rng.pick(names)}=1&${rng.pick(names)}=2&${rng.pick(names)}=3`,
    () => '%zz=1&a=%zz',
    () => `${rng.pick(names)}`,
    () => `${encode(hostileKey(rng))}=${encode(hostileKey(rng))}`,
  ];
  return rng.pick(options)();
}

function hostileForm(rng: Rng, fields: Record<string, string>): Buffer {
  const grants = ['client_credentials', 'password', 'refresh_token', 'authorization_code', 'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', 'toString', '__proto__', ''];
  const entries = Object.entries(fields);
  const options = [
    () => new URLSearchParams({ ...fields, grant_type: rng.pick(grants) }).toString(),
    () => new URLSearchParams({ ...fields, [rng.pick(['scope', 'client_id', 'client_secret', 'assertion', 'username', 'password', 'grant_type'])]: hostileString(rng) }).toString(),
    () => new URLSearchParams({ ...fields, assertion: `${'a'.repeat(20)}.${'b'.repeat(20)}.c`, grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }).toString(),
    () => `${new URLSearchParams(fields).toString()}&grant_type=password&grant_type=client_credentials`,
    () => `${entries.map(([k]) => `${k}=%zz`).join('&')}`,
    () => `grant_type=client_credentials&scope=${'x'.repeat(100_000)}`,
    () => `__proto__=1&constructor=2&${new URLSearchParams(fields).toString()}`,
    () => '=&&==&%',
    () => render(tree(fields)),
  ];
  return Buffer.from(rng.pick(options)());
}

/** A header bent: wrong or odd content type, encodings the route does not take, odd hosts and ids. */
function bendHeaders(rng: Rng, req: WireRequest): void {
  const h = req.headers;
  const options = [
    () => (h['content-type'] = rng.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/jsonx', '*/*', 'multipart/form-data', 'application/xml', ''])),
    () => delete h['content-type'],
    () => {
      h['content-encoding'] = rng.pick(['gzip', 'deflate', 'br', 'identity, gzip', 'x-unknown']);
      if (h['content-encoding'] === 'gzip' && req.body && rng.next() < 0.5) req.body = gzipSync(req.body);
    },
    () => (h['correlation-id'] = rng.pick(['x'.repeat(300), '__proto__', 'a b', '%zz'])),
    () => (h.host = rng.pick(['zzzz-001.dx.commercecloud.salesforce.com', 'unknown.example', '__proto__', 'a'.repeat(300), '[::1]:99999'])),
    () => (req.chunked = true),
    () => (h['x-emulator-admin-token'] = rng.pick(['wrong', ''])),
    () => (h.accept = 'application/xml;q=0.1, */*;q=abc'),
    () => (h['x-forwarded-host'] = '__proto__'),
    () => {
      if (req.body) req.body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), req.body]);
    },
  ];
  rng.pick(options)();
}

function weighted<T>(rng: Rng, items: readonly [T, number][]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng.next() * total;
  for (const [item, w] of items) {
    if ((r -= w) < 0) return item;
  }
  return items[items.length - 1]![0];
}
