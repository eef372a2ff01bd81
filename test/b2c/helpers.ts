import { afterAll, beforeAll } from 'vitest';
import { DEMO } from '../../fixtures/index.js';
import { startEmulator, tokenFor, type Running } from '../helpers/emulator.js';

// The B2C instance as its tests reach it: one emulator per test file, a Business Manager sign-in (an Account
// Manager token naming the instance; WebDAV takes it too) and the OCAPI client's token, and a call for each way in.

export const NS = 'http://www.demandware.com/xml/impex/inventory/2007-05-31';
export const BM = '/on/demandware.store/Sites-Site/default';
export const DAV = '/on/demandware.servlet/webdav/Sites';
export const DATA = '/s/-/dw/data/v25_6';

type Method = 'get' | 'put' | 'patch' | 'delete' | 'post';

export interface B2cWorld {
  readonly run: Running;
  /** The Business Manager sign-in. */
  readonly am: string;
  /** The OCAPI client's token. */
  readonly ocapi: string;
}

/** Starts the emulator before the file's tests and closes it after them; its fields are there once they run. */
export function b2cWorld() {
  const world = {} as { -readonly [K in keyof B2cWorld]: B2cWorld[K] };
  beforeAll(async () => {
    world.run = await startEmulator();
    world.am = await tokenFor(world.run.http);
    world.ocapi = await tokenFor(world.run.http, 'mail', DEMO.accountManager.ocapiClient);
  });
  afterAll(() => world.run.close());

  const call = (method: Method, path: string, token: string, body?: unknown) => {
    const req = world.run.http[method](path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body as object);
  };
  /** OCAPI Data, `path` after the version. */
  const data = (method: Method, path: string, body?: unknown) => call(method, `${DATA}${path}`, world.ocapi, body);
  /** A Business Manager page: GET shows it. */
  const page = (name: string) => call('get', `${BM}/${name}`, world.am);
  /** A Business Manager button: POST to the page. */
  const action = (name: string, body: unknown) => call('post', `${BM}/${name}`, world.am, body);
  /** WebDAV, `path` under /Sites (`Impex/src/…`, `Logs/jobs/…`); text goes as XML. */
  const dav = (method: 'get' | 'put' | 'delete', path: string, text?: string) => {
    const req = call(method, `${DAV}/${path}`, world.am);
    return text === undefined ? req : req.set('Content-Type', 'application/xml').send(text);
  };
  return {
    get run() {
      return world.run;
    },
    get am() {
      return world.am;
    },
    get ocapi() {
      return world.ocapi;
    },
    data,
    page,
    action,
    dav,
    /** Jobs page → a job with these steps. */
    saveJob: (id: string, steps: unknown[]) => action('Jobs-Save', { id, steps }),
    /** OCAPI: runs the job, parameters overriding the steps'. */
    runJob: (id: string, parameters?: Record<string, string>) =>
      data('post', `/jobs/${id}/executions`, parameters ? { parameters: Object.entries(parameters).map(([name, value]) => ({ name, value })) } : {}),
    /** An execution's log over WebDAV. */
    log: async (jobId: string, executionId: string) => (await dav('get', `Logs/jobs/${jobId}/Job-${jobId}-${executionId}.log`)).text,
  };
}

/** An inventory import file holding one list: its header's fields and, if given, its records, as XML. */
export function inventoryXml(listId: string, records?: string, header = '<default-instock>false</default-instock>'): string {
  const body = records === undefined ? '' : `<records>${records}</records>`;
  return `<inventory xmlns="${NS}"><inventory-list><header list-id="${listId}">${header}</header>${body}</inventory-list></inventory>`;
}
