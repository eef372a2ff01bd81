// What the current world was made from, and the well-known credentials scripts may read (namespace `world`).

export const WORLD_NAMESPACE = 'world';

export interface WorldCredential {
  purpose: string;
  clientId: string;
  clientSecret: string;
  /** The scope string to request a token with. */
  scope: string;
}

export interface WorldInfo {
  fixture: string;
  seed: number;
  generatedAt: string;
  credentials: WorldCredential[];
}
