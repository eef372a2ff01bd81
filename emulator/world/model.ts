// What the current world was made from, and the well-known credentials scripts may read (namespace `world`).

export const WORLD_NAMESPACE = 'world';

export interface WorldCredential {
  purpose: string;
  clientId: string;
  clientSecret: string;
  /** The scope string to request a token with. */
  scope: string;
}

export interface WorldOrgCredentials {
  orgId: string;
  connectedApp: { name: string; consumerKey: string; consumerSecret: string; scopes: string[]; privateKeyPem: string };
  users: { username: string; password: string; securityToken: string; userId: string }[];
}

export interface WorldInfo {
  /** The fixture set the world was built from (`demo`, `before-trust`…), with its seed and sizes. */
  fixture: string;
  seed: number;
  skus?: number;
  locations?: number;
  generatedAt: string;
  /** Account Manager API clients. */
  credentials: WorldCredential[];
  /** Salesforce org logins: the connected app (with its signing key) and users. */
  org?: WorldOrgCredentials;
  /** The storefront's SLAS clients (the private one's secret is shown nowhere else). */
  slas?: WorldSlasCredentials;
}

export interface WorldSlasCredentials {
  organizationId: string;
  siteId: string;
  publicClient: { id: string; redirectUri: string };
  privateClient: { id: string; secret: string };
}

/** The fixture request a world was built from, as its `world` namespace records it; undefined for none (`empty`). */
export function recordedFixture(info: WorldInfo | undefined): { name: string; seed: number; skus?: number; locations?: number } | undefined {
  if (!info || typeof info.fixture !== 'string' || typeof info.seed !== 'number') return undefined;
  return {
    name: info.fixture,
    seed: info.seed,
    ...(info.skus === undefined ? {} : { skus: info.skus }),
    ...(info.locations === undefined ? {} : { locations: info.locations }),
  };
}
