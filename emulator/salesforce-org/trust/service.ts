import { AppError } from '../../core/errors/app-error.js';
import type { VirtualClock } from '../../core/clock.js';
import type { Journal } from '../../core/journal.js';
import type { Outbox } from '../../core/outbox.js';
import type { Rng } from '../../core/rng.js';
import type { Store } from '../../core/store/store.js';
import type { Services } from '../../party.js';
import { to18 } from '../ids.js';
import { instanceOfRemoteTenantUrl } from './remote-tenant.js';
import { SALESFORCE_NAMESPACE, type SalesforceOrg, type SalesforceState, type TrustRelationship } from '../model.js';

// Phase 3 of the setup guide: the org's Omnichannel Inventory-B2C Commerce Integration toggle (provisioning on
// the virtual clock, then a success e-mail), and the C2C trust relationship between the org and a B2C instance:
// Request Trust (Setup) → Allow or Deny (Business Manager) → Establish Trust (Setup) → Established, which links the
// instance to the org's tenant group so its Account Manager tokens may call that tenant group's OCI APIs.
// Every step is a journal event (`trust.*`, `org.b2c-integration.*`). A step out of the documented order (trust
// requested before the success e-mail, established before Allow) is refused in strict mode with a message naming
// the missing step, and let through in lenient mode, where the sequence checker records it.

export interface TrustDeps {
  store: Store;
  /** The B2C instance a Remote Tenant URL names is asked of B2C. */
  services: Services;
  clock: VirtualClock;
  journal: Journal;
  outbox: Outbox;
  rng: Rng;
  /** How long provisioning the integration takes on the clock. */
  provisioningMs: number;
}

const CLOUD = 'Commerce Cloud';

export class TrustService {
  readonly #d: TrustDeps;

  constructor(deps: TrustDeps) {
    this.#d = deps;
  }

  // ─── Setup → Omnichannel Inventory ───────────────────────────────────────────────────────────────────────

  /** Turns the Omnichannel Inventory-B2C Commerce Integration on (provisioning starts) or off. */
  setIntegration(orgId: string, on: boolean, by: string): SalesforceOrg {
    const org = this.#org(orgId);
    const now = this.#d.clock.now();
    const current = org.b2cIntegration?.status ?? 'OFF';
    if (on && current !== 'OFF') return org;
    if (!on && current === 'OFF') return org;
    if (on) {
      const readyAt = now + this.#d.provisioningMs;
      org.b2cIntegration = { status: 'PROVISIONING', changedAt: iso(now), readyAt: iso(readyAt) };
      this.#armProvisioning(org);
      this.#event('org.b2c-integration.enabled', org, { by, readyAt: iso(readyAt) });
    } else {
      org.b2cIntegration = { status: 'OFF', changedAt: iso(now) };
      this.#d.clock.cancel(provisioningKey(orgId));
      this.#event('org.b2c-integration.disabled', org, { by });
    }
    this.#touch();
    return org;
  }

  /** After a restart or a state replace: provisioning still under way gets its clock job again. */
  rearmAll(): void {
    for (const org of Object.values(this.#registry().orgs)) if (org.b2cIntegration?.status === 'PROVISIONING') this.#armProvisioning(org);
  }

  #armProvisioning(org: SalesforceOrg): void {
    const orgId = org.id;
    this.#d.clock.schedule(
      Date.parse(org.b2cIntegration!.readyAt!),
      'org b2c integration provisioning',
      () => {
        const current = this.#registry().orgs[orgId];
        if (current?.b2cIntegration?.status !== 'PROVISIONING') return;
        current.b2cIntegration = { ...current.b2cIntegration, status: 'ON', changedAt: iso(this.#d.clock.now()) };
        this.#d.outbox.send({
          from: 'noreply@salesforce.com',
          to: current.admin.email,
          subject: 'Omnichannel Inventory-B2C Commerce Integration is ready',
          body: [
            `Hello ${current.admin.name},`,
            '',
            `The Omnichannel Inventory-B2C Commerce Integration is now enabled for your org ${current.name} (${current.id}).`,
            `Tenant group: ${current.tenantGroupId}.`,
            'Next, set up a trust relationship with your B2C Commerce instance: Setup > Manage C2C Trust Relationships > New.',
          ].join('\n'),
          tenant: current.tenantGroupId,
        });
        this.#touch();
        this.#event('org.b2c-integration.provisioned', current, {});
      },
      provisioningKey(orgId),
    );
  }

  // ─── Setup → Manage C2C Trust Relationships ──────────────────────────────────────────────────────────────

  relationships(orgId: string): TrustRelationship[] {
    return Object.values(this.#trusts()).filter((t) => t.orgId === orgId);
  }

  relationship(orgId: string, id: string): TrustRelationship {
    const trust = this.#trusts()[id];
    if (!trust || trust.orgId !== orgId) throw refused(404, 'NOT_FOUND', `No C2C trust relationship with id ${id} in this org.`);
    return trust;
  }

  /** New → Commerce Cloud → Remote Tenant URL → Request Trust. */
  request(orgId: string, input: { cloud: string; remoteTenantUrl: string }, by: string): TrustRelationship {
    const org = this.#org(orgId);
    const status = org.b2cIntegration?.status ?? 'OFF';
    if (input.cloud !== CLOUD) throw refused(400, 'INVALID_FIELD', `Cloud/Application must be "${CLOUD}", not "${input.cloud}".`);
    const instance = instanceOfRemoteTenantUrl(input.remoteTenantUrl, this.#d.services);
    if (status !== 'ON') {
      // Before the success e-mail: strict mode refuses (naming the missing step), lenient lets the request through
      // and the sequence checker records it out of order.
      const why =
        status === 'PROVISIONING'
          ? `The Omnichannel Inventory-B2C Commerce Integration is still being provisioned (until ${org.b2cIntegration!.readyAt}). Wait for the success e-mail, then request trust.`
          : 'Turn on the Omnichannel Inventory-B2C Commerce Integration first (Setup > Omnichannel Inventory) and wait for its success e-mail.';
      this.#inOrder('trust.requested', { instanceId: instance.id, tenantGroupId: org.tenantGroupId }, 'INTEGRATION_NOT_READY', why);
    }
    const active = Object.values(this.#trusts()).find((t) => t.instanceId === instance.id && (t.status === 'Pending' || t.status === 'Allowed' || t.status === 'Established'));
    if (active) {
      const mine = active.orgId === orgId;
      throw refused(
        409,
        'DUPLICATE_VALUE',
        `Instance ${instance.id} already has a ${active.status.toLowerCase()} trust relationship${mine ? ` (${active.id})` : ' with another org'}: an instance can trust one tenant group only.${mine ? ' Disconnect it first to start again.' : ''}`,
      );
    }
    const now = iso(this.#d.clock.now());
    const trust: TrustRelationship = {
      id: this.#newId(),
      orgId,
      tenantGroupId: org.tenantGroupId,
      cloud: CLOUD,
      remoteTenantUrl: input.remoteTenantUrl,
      instanceId: instance.id,
      status: 'Pending',
      requestedBy: by,
      requestedAt: now,
      lastModified: now,
    };
    this.#trusts()[trust.id] = trust;
    this.#touch();
    this.#trustEvent('trust.requested', trust, { by });
    return trust;
  }

  /** Establish Trust: possible only once Business Manager allowed the request. */
  establish(orgId: string, id: string, by: string): TrustRelationship {
    const trust = this.relationship(orgId, id);
    if (trust.status === 'Established') return trust;
    if (trust.status === 'Pending') {
      // Establish before Business Manager allowed: strict refuses naming the step; lenient establishes and the
      // sequence checker records it out of order. Denied and disconnected relationships can never be established.
      this.#inOrder('trust.established', { instanceId: trust.instanceId, tenantGroupId: trust.tenantGroupId }, 'ESTABLISH_TRUST_DISABLED', establishBlocked(trust));
    } else if (trust.status !== 'Allowed') throw refused(409, 'ESTABLISH_TRUST_DISABLED', establishBlocked(trust));
    const now = iso(this.#d.clock.now());
    trust.status = 'Established';
    trust.establishedAt = now;
    trust.lastModified = now;
    const group = this.#registry().tenantGroups[trust.tenantGroupId];
    if (group) {
      // The trust replaces whatever linked the instance before (the fixture's link), here or in another group.
      for (const g of Object.values(this.#registry().tenantGroups)) g.links = g.links.filter((l) => l.instanceId !== trust.instanceId);
      group.links.push({ instanceId: trust.instanceId, via: 'trust', since: now });
    }
    this.#touch();
    this.#trustEvent('trust.established', trust, { by });
    return trust;
  }

  /** Disconnect: the instance's tokens lose access to the tenant group. */
  disconnect(orgId: string, id: string, by: string): TrustRelationship {
    const trust = this.relationship(orgId, id);
    if (trust.status === 'Disconnected' || trust.status === 'Denied') {
      throw refused(409, 'INVALID_STATE', `Trust relationship ${id} is ${trust.status.toLowerCase()}: there is nothing to disconnect.`);
    }
    const now = iso(this.#d.clock.now());
    trust.status = 'Disconnected';
    trust.disconnectedAt = now;
    trust.lastModified = now;
    const group = this.#registry().tenantGroups[trust.tenantGroupId];
    if (group) group.links = group.links.filter((l) => !(l.instanceId === trust.instanceId && l.via === 'trust'));
    this.#touch();
    this.#trustEvent('trust.disconnected', trust, { by });
    return trust;
  }

  // ─── Business Manager → Administration → Global Preferences → Cross Cloud Trust ─────────────────────────

  /** The instance's side: the trust request waiting for a decision, and the trust it holds. */
  crossCloudTrust(instanceId: string): { pending: TrustRelationship | undefined; current: TrustRelationship | undefined } {
    const mine = Object.values(this.#trusts()).filter((t) => t.instanceId === instanceId);
    return {
      pending: mine.find((t) => t.status === 'Pending'),
      current: mine.find((t) => t.status === 'Allowed' || t.status === 'Established'),
    };
  }

  /** Allow or Deny the pending trust request. */
  decide(instanceId: string, allow: boolean, by: string): TrustRelationship {
    const { pending } = this.crossCloudTrust(instanceId);
    if (!pending) {
      throw refused(409, 'NO_PENDING_REQUEST', `There is no pending trust request for instance ${instanceId}: request trust in the org first (Setup > Manage C2C Trust Relationships).`);
    }
    const now = iso(this.#d.clock.now());
    pending.status = allow ? 'Allowed' : 'Denied';
    pending.decidedBy = by;
    pending.decidedAt = now;
    pending.lastModified = now;
    this.#touch();
    this.#trustEvent(allow ? 'trust.allowed' : 'trust.denied', pending, { by });
    return pending;
  }

  /** The org whose tenant group a trust belongs to (for Business Manager's Super Tenant column). */
  orgOf(trust: TrustRelationship): SalesforceOrg | undefined {
    return this.#registry().orgs[trust.orgId];
  }

  // ─── helpers ─────────────────────────────────────────────────────────────────────────────────────────────

  /** A step out of the documented order: the sequence checker refuses it (strict) or lets it through (lenient). */
  #inOrder(step: 'trust.requested' | 'trust.established', subject: { instanceId: string; tenantGroupId: string }, code: string, why: string): void {
    const gate = this.#d.services.sequence;
    if (!gate) throw refused(409, code, why);
    gate.check(step, subject, (message) => refused(409, code, `${why} ${message}`));
  }

  #org(orgId: string): SalesforceOrg {
    const org = this.#registry().orgs[orgId];
    if (!org) throw refused(404, 'NOT_FOUND', `Unknown org ${orgId}.`);
    return org;
  }

  #registry(): SalesforceState {
    return this.#d.store.ensure<SalesforceState>(SALESFORCE_NAMESPACE, () => ({ orgs: {}, tenantGroups: {}, connectedApps: {}, users: {}, trusts: {} }));
  }

  #trusts(): Record<string, TrustRelationship> {
    const registry = this.#registry();
    return (registry.trusts ??= {});
  }

  /** Salesforce-style ids with key prefix 0Xt (not confirmed against a public source). */
  #newId(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let body = '';
    for (let i = 0; i < 12; i++) body += alphabet[this.#d.rng.int(0, alphabet.length - 1)];
    return to18(`0Xt${body}`)!;
  }

  #touch(): void {
    this.#d.store.touch(SALESFORCE_NAMESPACE);
  }

  #event(type: string, org: SalesforceOrg, data: Record<string, unknown>): void {
    this.#d.journal.emit({ type, tenant: org.tenantGroupId, data: { orgId: org.id, ...data } });
  }

  #trustEvent(type: string, trust: TrustRelationship, data: Record<string, unknown>): void {
    this.#d.journal.emit({ type, tenant: trust.tenantGroupId, data: { trustId: trust.id, orgId: trust.orgId, instanceId: trust.instanceId, status: trust.status, ...data } });
  }
}

function establishBlocked(trust: TrustRelationship): string {
  switch (trust.status) {
    case 'Pending':
      return `Establish Trust is disabled: Business Manager of ${trust.instanceId} has not allowed the trust request yet (Administration > Global Preferences > Cross Cloud Trust > Allow). Refresh this page after it is allowed.`;
    case 'Denied':
      return `Establish Trust is disabled: Business Manager of ${trust.instanceId} denied the trust request. Disconnected and denied requests cannot be established; request trust again.`;
    default:
      return `Establish Trust is disabled: the relationship is ${trust.status.toLowerCase()}. Request trust again.`;
  }
}

function refused(status: number, code: string, message: string): AppError {
  return new AppError(status, code, message);
}

const iso = (ms: number) => new Date(ms).toISOString();
const provisioningKey = (orgId: string) => `org-b2c-integration:${orgId}`;
