import { createPublicKey } from 'node:crypto';
import type { Journal } from '../../core/journal.js';
import type { VirtualClock } from '../../core/clock.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Rng } from '../../core/rng.js';
import { hashSecret, secretMatchesHash } from '../../core/secrets.js';
import { AM_ROLES, type AmOrganization, type StoredApiClient } from '../model.js';
import type { AmRepository } from '../repository.js';
import { parseTenantFilter, realmOf, TenantFilterError } from '../role-tenant-filter.js';
import { fieldError, invalid, parseClientBody, type FieldError } from './field-errors.js';
import { passwordProblem } from './password-policy.js';
import { apiClientCreateSchema, apiClientUpdateSchema, passwordChangeSchema, type ApiClientUpdate } from './requests.js';
import { apiClientPage, apiClientView, type ApiClientPage, type ApiClientRead } from './views.js';

// The API Clients API of Account Manager as domain operations: no Express, plain values in and out.

const DELETE_AFTER_DISABLED_MS = 7 * 86_400_000;

export interface ApiClientsDeps {
  repo: AmRepository;
  clock: VirtualClock;
  ids: Rng;
  /** Where `am.client.created`, `am.client.activated` and `am.client.deactivated` go (the sequence checker reads them). */
  journal?: Journal;
}

export class ApiClientsService {
  readonly #d: ApiClientsDeps;

  constructor(deps: ApiClientsDeps) {
    this.#d = deps;
  }

  list(page: number, size: number): ApiClientPage {
    const all = this.#d.repo.clients().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    return apiClientPage(all, page, size, (c) => this.#view(c, []));
  }

  get(id: string, expand: readonly string[] = []): ApiClientRead {
    return this.#view(this.#require(id), expand);
  }

  create(body: unknown): ApiClientRead {
    const input = parseClientBody(apiClientCreateSchema, body);
    const { clock, ids } = this.#d;
    const salt = ids.hex(16);
    const client: StoredApiClient = {
      id: ids.uuid(),
      name: input.name,
      description: input.description ?? '',
      passwordSalt: salt,
      passwordHash: hashSecret(salt, input.password),
      passwordModificationTimestamp: clock.now(),
      jwtPublicKey: input.jwtPublicKey ?? null,
      redirectUrls: input.redirectUrls ?? [],
      scopes: input.scopes ?? [],
      defaultScopes: input.defaultScopes ?? [],
      organizations: input.organizations,
      active: input.active ?? false,
      versionControl: input.versionControl ?? [],
      roles: input.roles ?? [],
      roleTenantFilter: input.roleTenantFilter ?? null,
      tokenEndpointAuthMethod: input.tokenEndpointAuthMethod ?? 'client_secret_post',
      tokenFormat: input.tokenFormat ?? 'JWT',
      lastAuthenticatedDate: null,
      disabledTimestamp: null,
      createdAt: clock.iso(),
    };
    const problems = [...this.#semanticProblems(client), ...passwordProblems(input.password, client.name)];
    if (client.organizations.length === 0) problems.push(fieldError('organizations', 'NotEmpty', 'must contain at least one organization', []));
    if (problems.length > 0) throw invalid(problems);
    this.#d.repo.putClient(client);
    this.#event('am.client.created', client);
    if (client.active) this.#event('am.client.activated', client);
    return this.#view(client, []);
  }

  /** Partial update: an omitted field keeps its value, a present field replaces it. */
  update(id: string, body: unknown): ApiClientRead {
    const current = this.#require(id);
    const { password, ...input }: ApiClientUpdate = parseClientBody(apiClientUpdateSchema, body);
    const next: StoredApiClient = { ...current };
    for (const [key, value] of Object.entries(input)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (input.active === false && current.active) next.disabledTimestamp = this.#d.clock.iso();
    if (input.active === true) next.disabledTimestamp = null;
    const problems = this.#semanticProblems(next);
    if (password !== undefined) {
      problems.push(...passwordProblems(password, next.name));
      this.#setPassword(next, password);
    }
    if (next.organizations.length === 0) problems.push(fieldError('organizations', 'NotEmpty', 'must contain at least one organization', []));
    if (problems.length > 0) throw invalid(problems);
    this.#d.repo.putClient(next);
    if (next.active !== current.active) this.#event(next.active ? 'am.client.activated' : 'am.client.deactivated', next);
    return this.#view(next, []);
  }

  #event(type: string, client: StoredApiClient): void {
    this.#d.journal?.emit({ type, data: { clientId: client.id, name: client.name, roles: [...client.roles], roleTenantFilter: client.roleTenantFilter } });
  }

  delete(id: string): void {
    const client = this.#require(id);
    const disabledSince = Date.parse(client.disabledTimestamp ?? client.createdAt);
    if (client.active || this.#d.clock.now() - disabledSince < DELETE_AFTER_DISABLED_MS) {
      throw new AppError(412, 'PreconditionFailedException', 'API client must be disabled for at least 7 days before deletion.', {
        explain: client.active ? 'the client is active' : `disabled since ${new Date(disabledSince).toISOString()} on the emulator clock`,
      });
    }
    this.#d.repo.removeClient(id);
  }

  changePassword(id: string, body: unknown): void {
    const client = this.#require(id);
    const input = parseClientBody(passwordChangeSchema, body);
    if (!secretMatches(client, input.old)) {
      throw invalid([fieldError('old', 'Invalid', 'does not match the current password', null)]);
    }
    const problems = passwordProblems(input.new, client.name, 'new');
    if (input.new === input.old) problems.push(fieldError('new', 'Invalid', 'must differ from the current password', null));
    if (problems.length > 0) throw invalid(problems);
    this.#setPassword(client, input.new);
    this.#d.repo.touched();
  }

  #setPassword(client: StoredApiClient, password: string): void {
    client.passwordSalt = this.#d.ids.hex(16);
    client.passwordHash = hashSecret(client.passwordSalt, password);
    client.passwordModificationTimestamp = this.#d.clock.now();
  }

  #require(id: string): StoredApiClient {
    const client = this.#d.repo.client(id);
    if (!client) throw new AppError(404, GenericCode.NotFound, `No API client found with the specified ID: ${id}`);
    return client;
  }

  #view(client: StoredApiClient, expand: readonly string[]): ApiClientRead {
    return apiClientView(client, expand, (id) => this.#d.repo.organization(id));
  }

  #semanticProblems(client: StoredApiClient): FieldError[] {
    const problems: FieldError[] = [];
    const orgs: AmOrganization[] = [];
    for (const id of client.organizations) {
      const org = this.#d.repo.organization(id);
      if (org) orgs.push(org);
      else problems.push(fieldError('organizations', 'Invalid', `unknown organization ${id}`, id));
    }
    for (const role of client.roles) {
      if (!AM_ROLES.some((r) => r.id === role)) problems.push(fieldError('roles', 'Invalid', `unknown role ${role}`, role));
    }
    problems.push(...tenantFilterProblems(client, new Set(orgs.flatMap((o) => o.realms))));
    if (client.tokenFormat === 'UUID') {
      problems.push(fieldError('tokenFormat', 'Invalid', 'the UUID access token format is no longer issued for API clients; use JWT', 'UUID'));
    }
    if (client.tokenEndpointAuthMethod === 'private_key_jwt') {
      if (!client.jwtPublicKey) problems.push(fieldError('jwtPublicKey', 'NotNull', 'is required for private_key_jwt', null));
      else if (!isPublicKey(client.jwtPublicKey)) problems.push(fieldError('jwtPublicKey', 'Invalid', 'is not a PEM public key or certificate', '…'));
    }
    return problems;
  }
}

export function secretMatches(client: StoredApiClient, secret: string): boolean {
  return secretMatchesHash(client.passwordSalt, client.passwordHash, secret);
}

/** The filter names only roles the client holds, and only instances of its organizations' realms. */
function tenantFilterProblems(client: StoredApiClient, realms: ReadonlySet<string>): FieldError[] {
  const problems: FieldError[] = [];
  const filter = client.roleTenantFilter;
  try {
    for (const [role, tenants] of parseTenantFilter(filter)) {
      if (!client.roles.includes(role)) problems.push(fieldError('roleTenantFilter', 'Invalid', `role ${role} is filtered but not assigned to the client`, filter));
      for (const tenant of tenants) {
        if (!realms.has(realmOf(tenant))) problems.push(fieldError('roleTenantFilter', 'Invalid', `instance ${tenant} is not in a realm of the client's organizations`, filter));
      }
    }
  } catch (error) {
    if (!(error instanceof TenantFilterError)) throw error;
    problems.push(fieldError('roleTenantFilter', 'Pattern', error.message, filter));
  }
  return problems;
}

function passwordProblems(password: string, name: string, field = 'password'): FieldError[] {
  const problem = passwordProblem(password, name);
  return problem ? [fieldError(field, 'Password', `password ${problem}`, null)] : [];
}

function isPublicKey(text: string): boolean {
  try {
    createPublicKey(text);
    return true;
  } catch {
    return false;
  }
}
