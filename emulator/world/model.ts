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
  fixture: string;
  seed: number;
  generatedAt: string;
  /** Account Manager API clients. */
  credentials: WorldCredential[];
  /** Salesforce org logins: the connected app (with its signing key) and users. */
  org?: WorldOrgCredentials;
}
