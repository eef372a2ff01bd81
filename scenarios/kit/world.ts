import { basic, type Http } from './http.js';

// What a scenario knows of the emulator it drives: read from the world document (GET /__emulator/world), as a
// team reads its org's and instance's settings, never from the emulator's code. Tokens are asked for through the
// public token endpoints and kept until shortly before they expire on the emulator's clock (the stories move the
// clock by hours).

export interface WorldFacts {
  tenantGroupId: string;
  instanceId: string;
  organizationId: string;
  siteId: string;
  bmHost: string;
  locations: string[];
  groups: { id: string; locations: string[] }[];
  ociClient: { id: string; secret: string; scope: string };
  ocapiClient: { id: string; secret: string };
  slas: { id: string; secret: string };
  org: { consumerKey: string; consumerSecret: string };
}

export async function readWorld(http: Http): Promise<WorldFacts> {
  const w = (await http.get('/__emulator/world')).body;
  const instance = w.b2cInstances[0];
  const oci = w.credentials.find((c: { purpose: string }) => c.purpose.startsWith('OCI Commerce APIs'));
  const ocapi = w.credentials.find((c: { purpose: string }) => c.purpose.startsWith('B2C OCAPI'));
  const tg = w.tenantGroups[0];
  return {
    tenantGroupId: tg.id,
    instanceId: instance.id,
    organizationId: instance.organizationId,
    siteId: w.shopperCredentials.siteId,
    bmHost: instance.bmHost,
    locations: [...(tg.locations as string[])],
    groups: (tg.groups as { id: string; locations: string[] }[]).map((g) => ({ id: g.id, locations: g.locations })),
    ociClient: { id: oci.clientId, secret: oci.clientSecret, scope: oci.scope },
    ocapiClient: { id: ocapi.clientId, secret: ocapi.clientSecret },
    slas: { id: w.shopperCredentials.privateClient.id, secret: w.shopperCredentials.privateClient.secret },
    org: { consumerKey: w.orgCredentials.connectedApp.consumerKey, consumerSecret: w.orgCredentials.connectedApp.consumerSecret },
  };
}

/** Tokens by purpose, renewed on the emulator's clock. */
export class Tokens {
  readonly #kept = new Map<string, { token: string; until: number }>();

  constructor(
    private readonly http: Http,
    private readonly world: () => WorldFacts,
    private readonly now: () => number,
  ) {}

  /** The Commerce API client: OCI's APIs, and Business Manager's pages (it signs the merchant in). */
  oci(): Promise<string> {
    const { id, secret, scope } = this.world().ociClient;
    return this.#keep('oci', () => this.#am(id, secret, scope));
  }

  ocapi(): Promise<string> {
    const { id, secret } = this.world().ocapiClient;
    return this.#keep('ocapi', () => this.#am(id, secret, 'mail'));
  }

  org(): Promise<string> {
    const { consumerKey, consumerSecret } = this.world().org;
    return this.#keep('org', async () => {
      const res = await this.http.post('/services/oauth2/token', { form: { grant_type: 'client_credentials', client_id: consumerKey, client_secret: consumerSecret } });
      return { token: res.body.access_token as string, seconds: 3600 };
    });
  }

  /** A new guest shopper (each call a new customer with a basket of their own). */
  async guest(): Promise<string> {
    const { slas, organizationId, siteId } = this.world();
    const res = await this.http.post(`/shopper/auth/v1/organizations/${organizationId}/oauth2/token`, {
      authorization: basic(slas.id, slas.secret),
      form: { grant_type: 'client_credentials', channel_id: siteId },
    });
    return res.body.access_token as string;
  }

  forget(): void {
    this.#kept.clear();
  }

  async #am(id: string, secret: string, scope: string): Promise<{ token: string; seconds: number }> {
    const res = await this.http.post('/dwsso/oauth2/access_token', { authorization: basic(id, secret), form: { grant_type: 'client_credentials', scope } });
    return { token: res.body.access_token as string, seconds: Number(res.body.expires_in ?? 1799) };
  }

  async #keep(name: string, get: () => Promise<{ token: string; seconds: number }>): Promise<string> {
    const kept = this.#kept.get(name);
    if (kept && kept.until > this.now()) return kept.token;
    const fresh = await get();
    // Renewed a minute early: a call made just before expiry on a clock the story moves would fail.
    this.#kept.set(name, { token: fresh.token, until: this.now() + (fresh.seconds - 60) * 1000 });
    return fresh.token;
  }
}
