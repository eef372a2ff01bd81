import type { TrustRelationship } from '../../salesforce-org/model.js';
import type { Pairing } from '../inventory/pairing.js';
import { executionSummary } from '../jobs/views.js';
import type { JobDefinition, JobExecution } from '../jobs/model.js';
import type { B2cInventoryList, B2cSite, B2cStore } from '../model.js';

// Business Manager's pages as JSON documents: what the page shows, under the page's menu path.

export function sitesPage(sites: readonly B2cSite[]) {
  return {
    page: 'Administration > Sites > Manage Sites',
    sites: sites.map((s) => ({ id: s.id, name: s.name, status: s.status, inventoryListId: s.inventoryListId })),
  };
}

export function retentionPage(days: number | undefined) {
  return { page: 'Administration > Global Preferences > Retention Settings', inventoryRecordRetentionDays: days ?? null };
}

export interface ListRow {
  list: B2cInventoryList;
  records: number;
  assignedSites: string[];
  stores: readonly B2cStore[];
  pairing: Pairing;
}

/** The lists, each with the OCI place it pairs with, or a warning that it pairs with none. */
export function inventoryPage(rows: readonly ListRow[]) {
  return {
    page: 'Merchant Tools > Products and Catalogs > Inventory',
    lists: rows.map(({ list, records, assignedSites, stores, pairing }) => ({
      id: list.id,
      description: list.description,
      records,
      assignedSites,
      stores: stores.filter((s) => s.inventoryId === list.id).map((s) => s.id),
      pairedWith: pairing ? { type: pairing.type, id: pairing.id } : null,
      ...(pairing ? {} : { warning: `No OCI location or group has the External Reference '${list.id}' in the linked tenant group: this list is unpaired and will get no OCI data.` }),
    })),
  };
}

export function jobsPage(jobs: readonly { job: JobDefinition; lastExecutions: readonly JobExecution[] }[]) {
  return { page: 'Administration > Operations > Jobs', jobs: jobs.map(({ job, lastExecutions }) => ({ ...job, lastExecutions: lastExecutions.map(executionSummary) })) };
}

/** Cross Cloud Trust: the trust request an org sent, with Allow and Deny, and the trust the instance holds. */
export function crossCloudTrustPage(instanceId: string, pending: TrustRelationship | undefined, current: TrustRelationship | undefined, orgName: (t: TrustRelationship) => string | undefined) {
  return {
    page: 'Administration > Global Preferences > Cross Cloud Trust',
    instance: instanceId,
    trustRequest: pending
      ? {
          id: pending.id,
          from: { orgId: pending.orgId, orgName: orgName(pending) ?? pending.orgId, requestedBy: pending.requestedBy },
          tenantGroup: pending.tenantGroupId,
          requestedAt: pending.requestedAt,
          actions: ['Allow', 'Deny'],
        }
      : null,
    trust: current ? { superTenant: current.orgId, tenantGroup: current.tenantGroupId, status: current.status, lastModified: current.lastModified } : null,
  };
}
