import { dict } from '../core/objects.js';

// The step record: what the documented-sequence checker saw done, kept in the store (namespace `sequence`), so it
// outlives the capped journal, a restart, and travels with snapshots; a reset goes back to what the fixture held.
// Keys are instance and tenant-group ids from users: the dictionaries have no prototype.

export const SEQUENCE_NAMESPACE = 'sequence';

export interface Recommendation {
  code: string;
  message: string;
}

export interface StepRecord {
  /** The latest time the step was done. */
  done?: { at: string; by: string; requestId?: string; fixture?: true };
  /** Set when what the step did was taken back since (trust disconnected, integration turned off). */
  undone?: { at: string; by: string; requestId?: string };
  /** The earlier steps that were not done when it was. */
  outOfOrder?: { missing: string[]; enforcement: 'strict' | 'lenient' };
  /** Recommendations the step went against at the moment it was done (a switch with the storefront online…). */
  against?: Recommendation[];
  /** Attempts strict mode refused: how many, the last one and what it lacked. */
  refused?: { count: number; at: string; missing: string[]; requestId?: string };
  /** For b2c.mode.oci: when direct imports into B2C last finished before the switch. */
  importsBefore?: string;
}

export interface SequenceState {
  version: 1;
  /** By scope (`instance:<id>`, `tenant-group:<id>`), then by step name. */
  scopes: Record<string, Record<string, StepRecord>>;
  /** By instance: when a direct inventory import into B2C last finished. */
  lastImport: Record<string, string>;
}

export const emptySequence = (): SequenceState => ({ version: 1, scopes: dict(), lastImport: dict() });

export const instanceScope = (instanceId: string) => `instance:${instanceId}`;
export const tenantGroupScope = (tenantGroupId: string) => `tenant-group:${tenantGroupId}`;
