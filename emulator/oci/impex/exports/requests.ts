import { parseRfc3339 } from '../../../core/instant.js';
import { own } from '../../../core/objects.js';
import { ociErrors } from '../../errors.js';
import type { OciTenantState } from '../../tenant-book.js';
import { SKU_PATTERN } from '../../schemas.js';

// Request bodies of the impex exports, checked against the tenant group's graph, with the errors the RAML
// examples show ("Locations and Groups not allowed in the same request.", "No location exists with ID 'abc'",
// "Invalid Group Id Provided.", "'sku' Invalid characters in sku: null").

export interface AvailabilityExportRequest {
  placeType: 'group' | 'location';
  places: string[];
}

export interface SegmentationExportRequest {
  groups: string[];
}

export interface EventLogExportRequest {
  sku: string;
  startsOn: number;
  endsOn: number;
  locations: string[];
  groups: string[];
}

export interface ReservationsExportRequest {
  status: 'open' | 'closed';
  fromDate: number;
  toDate: number;
}

/** The event-log window and the places one request may name. */
export const EVENT_LOG_MAX_DAYS = 30;
export const EVENT_LOG_MAX_PLACES = 10;

function object(body: unknown): Record<string, unknown> {
  if (body === undefined) throw ociErrors.invalidRequest('A request body is required.');
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw ociErrors.invalidRequest('The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

function idList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw ociErrors.invalidParameter(name, `'${name}' must be an array of ids`);
  }
  return [...new Set(value as string[])];
}

function date(value: unknown, name: string): number {
  if (value === undefined || value === null || value === '') throw ociErrors.invalidParameter(name, `'${name}' must not be null`);
  const ms = parseRfc3339(value);
  if (ms === undefined) throw ociErrors.invalidParameter(name, `'${name}' must be an RFC 3339 date-time such as 2026-03-02T09:00:00Z`);
  return ms;
}

export function parseAvailabilityExport(body: unknown, state: OciTenantState): AvailabilityExportRequest {
  const b = object(body);
  if (b.objects === undefined || b.objects === null) throw ociErrors.invalidParameter('objects', "The field 'objects' is missing from the request body.");
  if (typeof b.objects !== 'object' || Array.isArray(b.objects)) throw ociErrors.invalidParameter('objects', "'objects' must be an object with 'groups' or 'locations'");
  const objects = b.objects as Record<string, unknown>;
  const groups = idList(objects.groups, 'groups');
  const locations = idList(objects.locations, 'locations');
  if (groups && locations) throw ociErrors.invalidParameter('objects', 'Locations and Groups not allowed in the same request.');
  if (groups && groups.length > 0) {
    for (const g of groups) if (!own(state.groups, g)) throw ociErrors.noGroupWithId(g);
    return { placeType: 'group', places: groups };
  }
  if (locations && locations.length > 0) {
    for (const l of locations) if (!own(state.locations, l)) throw ociErrors.noLocationWithId(l);
    return { placeType: 'location', places: locations };
  }
  throw ociErrors.invalid('LocationListMustNotBeEmpty', 'objects', "'objects' must name at least one group or one location");
}

export function parseSegmentationExport(body: unknown, state: OciTenantState): SegmentationExportRequest {
  const b = object(body);
  const groups = idList(b.groups, 'groups');
  if (!groups || groups.length === 0) throw ociErrors.invalidParameter('groups', "The field 'groups' is missing from the request body.");
  if (groups.includes('*')) return { groups: Object.keys(state.groups) };
  for (const g of groups) if (!own(state.groups, g)) throw ociErrors.invalidParameter('groups', 'Invalid Group Id Provided.');
  return { groups };
}

export function parseEventLogExport(body: unknown, state: OciTenantState): EventLogExportRequest {
  const b = object(body);
  const sku = b.sku;
  if (typeof sku !== 'string' || sku.length === 0 || sku.length > 250 || !SKU_PATTERN.test(sku)) {
    throw ociErrors.invalidParameter('sku', `'sku' Invalid characters in sku: ${typeof sku === 'string' && sku ? sku : 'null'}`);
  }
  const startsOn = date(b.startsOn, 'startsOn');
  const limit = startsOn + EVENT_LOG_MAX_DAYS * 86_400_000;
  const endsOn = b.endsOn === undefined || b.endsOn === null ? limit : date(b.endsOn, 'endsOn');
  if (endsOn < startsOn) throw ociErrors.invalidParameter('endsOn', "'endsOn' must not be before 'startsOn'");
  if (endsOn > limit) throw ociErrors.invalidParameter('endsOn', `'endsOn' must be at most ${EVENT_LOG_MAX_DAYS} days after 'startsOn'`);
  const locations = idList(b.locations, 'locations') ?? [];
  const groups = idList(b.groups, 'groups') ?? [];
  if (locations.length + groups.length > EVENT_LOG_MAX_PLACES) {
    throw ociErrors.invalid('LocationListTooLarge', 'locations', `At most ${EVENT_LOG_MAX_PLACES} locations and groups together may be named`);
  }
  for (const l of locations) if (!own(state.locations, l)) throw ociErrors.noLocationWithId(l);
  for (const g of groups) if (!own(state.groups, g)) throw ociErrors.noGroupWithId(g);
  return { sku, startsOn, endsOn, locations, groups };
}

export function parseReservationsExport(body: unknown, now: number): ReservationsExportRequest {
  const b = object(body);
  if (b.status !== 'open' && b.status !== 'closed') throw ociErrors.invalidParameter('status', "'status' must be open or closed");
  const fromDate = date(b.fromDate, 'fromDate');
  const toDate = b.toDate === undefined || b.toDate === null ? now : date(b.toDate, 'toDate');
  if (toDate < fromDate) throw ociErrors.invalidParameter('toDate', "'toDate' must not be before 'fromDate'");
  return { status: b.status, fromDate, toDate };
}
