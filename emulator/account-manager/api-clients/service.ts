import { createPublicKey } from 'node:crypto';
import type { z } from 'zod';
import type { VirtualClock } from '../../core/clock.js';
import { AppError, GenericCode } from '../../core/errors/app-error.js';
import type { Rng } from '../../core/rng.js';
import { hashSecret, secretMatchesHash } from '../../core/secrets.js';
import {
  apiClientCreateSchema,
  apiClientUpdateSchema,
  fieldError,
  passwordChangeSchema,
  toFieldErrors,
  type ApiClientUpdate,
  type FieldError,
} from './requests.js';
import { AM_ROLES, type AmOrganization, type AmRole, type StoredApiClient } from '../model.js';
import { passwordProblem } from './password-policy.js';
import type { AmRepository } from '../repository.js';
import { parseTenantFilter, realmOf, TenantFilterError } from '../role-tenant-filter.js';

// The API Clients API of Account Manager as domain operations: no Express, plain values in and out.

const DELETE_AFTER_DISABLED_MS = 7 * 86_400_000;

export interface ApiClientRead {
  id: string;
  name: string;
  description: string;
  passwordModificationTimestamp: number | null;
  jwtPublicKey: string | null;
  redirectUrls: string[];
  scopes: string[];
  defaultScopes: string[];
  organizations: (string | AmOrganization)[];
  active: boolean;
  versionControl: string[];
  roles: (string | AmRole)[];
  roleTenantFilter: string | null;
  roleTenantFilterMap: Record<string, string[]>;
  tokenEndpointAuthMethod: StoredApiClient['tokenEndpointAuthMethod'];
  tokenFormat: StoredApiClient['tokenFormat'];
  lastAuthenticatedDate: string | null;
  disabledTimestamp: string | null;
  createdAt: string;
}

export interface ApiClientPage {
  content: ApiClientRead[];
  number: number;
  size: number;
  totalElements: number;
  totalPages: number;
}

export class ApiClientsService {
  readonly #repo: AmRepository;
  readonly #clock: VirtualClock;
  readonly #ids: Rng;

  constructor(repo: AmRepository, clock: VirtualClock, ids: Rng) {
    this.#repo = repo;
    this.#clock = clock;
    this.#ids = ids;
  }

  list(page: number, size: number): ApiClientPage {
    const all = this.#repo.clients().sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    const content = all.slice(page * size, page * size + size).map((c) => this.#read(c, []));
    return { content, number: page, size, totalElements: all.length, totalPages: Math.ceil(all.length / size) };
  }

  get(id: string, expand: readonly string[] = []): ApiClientRead {
    return this.#read(this.#require(id), expand);
  }

  create(body: unknown): ApiClientRead {
    const input = parse(apiClientCreateSchema, body);
    const salt = this.#ids.hex(16);
    const now = this.#clock.iso();
    const client: StoredApiClient = {
      id: this.#ids.uuid(),
      name: input.name,
      description: input.description ?? '',
      passwordSalt: salt,
      passwordHash: hashSecret(salt, input.password),
      passwordModificationTimestamp: this.#clock.now(),
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
      createdAt: now,
    };
    const problems = [...this.#semanticProblems(client), ...passwordProblems(input.password, client.name)];
    if (client.organizations.length === 0) problems.push(fieldError('organizations', 'NotEmpty', 'must contain at least one organization', []));
    if (problems.length > 0) throw invalid(problems);
    this.#repo.putClient(client);
    return this.#read(client, []);
  }

  /** Partial update: an omitted field keeps its value, a present field replaces it. */
  update(id: string, body: unknown): ApiClientRead {
    const current = this.#require(id);
    const { password, ...input }: ApiClientUpdate = parse(apiClientUpdateSchema, body);
    const next: StoredApiClient = { ...current };
    for (const [key, value] of Object.entries(input)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (input.active === false && current.active) next.disabledTimestamp = this.#clock.iso();
    if (input.active === true) next.disabledTimestamp = null;
    const problems = this.#semanticProblems(next);
    if (password !== undefined) {
      problems.push(...passwordProblems(password, next.name));
      next.passwordSalt = this.#ids.hex(16);
      next.passwordHash = hashSecret(next.passwordSalt, password);
      next.passwordModificationTimestamp = this.#clock.now();
    }
    if (next.organizations.length === 0) problems.push(fieldError('organizations', 'NotEmpty', 'must contain at least one organization', []));
    if (problems.length > 0) throw invalid(problems);
    this.#repo.putClient(next);
    return this.#read(next, []);
  }

  delete(id: string): void {
    const client = this.#require(id);
    const disabledSince = Date.parse(client.disabledTimestamp ?? client.createdAt);
    if (client.active || this.#clock.now() - disabledSince < DELETE_AFTER_DISABLED_MS) {
      throw new AppError(412, 'PreconditionFailedException', 'API client must be disabled for at least 7 days before deletion.', {
        explain: client.active ? 'the client is active' : `disabled since ${new Date(disabledSince).toISOString()} on the emulator clock`,
      });
    }
    this.#repo.removeClient(id);
  }

  changePassword(id: string, body: unknown): void {
    const client = this.#require(id);
    const input = parse(passwordChangeSchema, body);
    if (!secretMatches(client, input.old)) {
      throw invalid([fieldError('old', 'Invalid', 'does not match the current password', null)]);
    }
    const problems = passwordProblems(input.new, client.name, 'new');
    if (input.new === input.old) problems.push(fieldError('new', 'Invalid', 'must differ from the current password', null));
    if (problems.length > 0) throw invalid(problems);
    client.passwordSalt = this.#ids.hex(16);
    client.passwordHash = hashSecret(client.passwordSalt, input.new);
    client.passwordModificationTimestamp = this.#clock.now();
    this.#repo.touched();
  }

  #require(id: string): StoredApiClient {
    const client = this.#repo.client(id);
    if (!client) throw new AppError(404, GenericCode.NotFound, `No API client found with the specified ID: ${id}`);
    return client;
  }

  #semanticProblems(client: StoredApiClient): FieldError[] {
    const problems: FieldError[] = [];
    const orgs: AmOrganization[] = [];
    for (const id of client.organizations) {
      const org = this.#repo.organization(id);
      if (org) orgs.push(org);
      else problems.push(fieldError('organizations', 'Invalid', `unknown organization ${id}`, id));
    }
    for (const role of client.roles) {
      if (!AM_ROLES.some((r) => r.id === role)) problems.push(fieldError('roles', 'Invalid', `unknown role ${role}`, role));
    }
    try {
      const realms = new Set(orgs.flatMap((o) => o.realms));
      for (const [role, tenants] of parseTenantFilter(client.roleTenantFilter)) {
        if (!client.roles.includes(role)) {
          problems.push(fieldError('roleTenantFilter', 'Invalid', `role ${role} is filtered but not assigned to the client`, client.roleTenantFilter));
        }
        for (const tenant of tenants) {
          if (!realms.has(realmOf(tenant))) {
            problems.push(fieldError('roleTenantFilter', 'Invalid', `instance ${tenant} is not in a realm of the client's organizations`, client.roleTenantFilter));
          }
        }
      }
    } catch (error) {
      if (!(error instanceof TenantFilterError)) throw error;
      problems.push(fieldError('roleTenantFilter', 'Pattern', error.message, client.roleTenantFilter));
    }
    if (client.tokenFormat === 'UUID') {
      problems.push(fieldError('tokenFormat', 'Invalid', 'the UUID access token format is no longer issued for API clients; use JWT', 'UUID'));
    }
    if (client.tokenEndpointAuthMethod === 'private_key_jwt') {
      if (!client.jwtPublicKey) problems.push(fieldError('jwtPublicKey', 'NotNull', 'is required for private_key_jwt', null));
      else if (!isPublicKey(client.jwtPublicKey)) problems.push(fieldError('jwtPublicKey', 'Invalid', 'is not a PEM public key or certificate', '…'));
    }
    return problems;
  }

  #read(client: StoredApiClient, expand: readonly string[]): ApiClientRead {
    const { passwordSalt: _s, passwordHash: _h, ...visible } = client;
    let filterMap: Record<string, string[]> = {};
    try {
      filterMap = Object.fromEntries(parseTenantFilter(client.roleTenantFilter));
    } catch {
      // Stored filters were validated on write; a fixture with a bad one just shows no map.
    }
    return {
      ...visible,
      organizations: expand.includes('organizations')
        ? client.organizations.map((id) => this.#repo.organization(id) ?? id)
        : [...client.organizations],
      roles: expand.includes('roles') ? client.roles.map((id) => AM_ROLES.find((r) => r.id === id) ?? id) : [...client.roles],
      roleTenantFilterMap: filterMap,
    };
  }
}

export function secretMatches(client: StoredApiClient, secret: string): boolean {
  return secretMatchesHash(client.passwordSalt, client.passwordHash, secret);
}

function passwordProblems(password: string, name: string, field = 'password'): FieldError[] {
  const problem = passwordProblem(password, name);
  return problem ? [fieldError(field, 'Password', `password ${problem}`, null)] : [];
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError(400, GenericCode.MalformedBody, 'Required request body is missing or is not a JSON object');
  }
  const result = schema.safeParse(body);
  if (!result.success) throw invalid(toFieldErrors(result.error.issues, body));
  return result.data;
}

function invalid(fieldErrors: FieldError[]): AppError {
  return new AppError(400, GenericCode.ValidationFailed, 'invalid argument APIClient', {
    details: { fieldErrors },
    explain: fieldErrors.map((e) => `${e.field} ${e.defaultMessage}`).join('; '),
  });
}

function isPublicKey(text: string): boolean {
  try {
    createPublicKey(text);
    return true;
  } catch {
    return false;
  }
}
