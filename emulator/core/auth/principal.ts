// Who is calling, once a bearer token has been checked. Each issuer of tokens makes its own kind.

export interface AccountManagerPrincipal {
  kind: 'account-manager';
  clientId: string;
  scopes: ReadonlySet<string>;
  /** The B2C instance named by `SALESFORCE_COMMERCE_API:<tenant>` when the token was requested. */
  tenant: string | undefined;
  roles: readonly string[];
  expiresAt: number;
}

export type Principal = AccountManagerPrincipal;

export function principalLabel(p: Principal): string {
  return p.clientId;
}
