import { describe, expect, it } from 'vitest';
import { Journal, type JournalEntry } from '../../emulator/core/journal.js';

const now = () => Date.parse('2026-01-01T00:00:00Z');
const req = (path: string, status = 200, extra: Partial<{ tenant: string; client: string; method: string }> = {}) => ({
  method: extra.method ?? 'GET',
  path,
  status,
  durationMs: 1,
  api: 'oci',
  tenant: extra.tenant,
  client: extra.client,
});

describe('journal', () => {
  it('keeps only the newest entries up to its capacity, sequence numbers keep counting', () => {
    const j = new Journal({ capacity: 3, now });
    for (let i = 1; i <= 5; i++) j.recordRequest(req(`/p${i}`));
    expect(j.size).toBe(3);
    expect(j.query({ limit: 10 }).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(j.lastSeq).toBe(5);
  });

  it('filters by kind, event type prefix, method, path prefix or substring, status, tenant and client', () => {
    const j = new Journal({ capacity: 100, now });
    j.recordRequest(req('/inventory/a', 200, { tenant: 't1', client: 'c1' }));
    j.recordRequest(req('/inventory/b', 404, { tenant: 't2', method: 'POST' }));
    j.emit({ type: 'trust.requested', tenant: 't1' });
    j.emit({ type: 'trust.established', tenant: 't1' });
    j.emit({ type: 'b2c.mode.oci', tenant: 't2' });
    const paths = (q: Parameters<Journal['query']>[0]) => j.query(q).map((e: JournalEntry) => (e.kind === 'request' ? e.path : e.type));
    expect(paths({ kind: 'event' })).toEqual(['trust.requested', 'trust.established', 'b2c.mode.oci']);
    expect(paths({ type: 'trust.*' })).toEqual(['trust.requested', 'trust.established']);
    expect(paths({ tenant: 't1' })).toEqual(['/inventory/a', 'trust.requested', 'trust.established']);
    expect(paths({ status: 404 })).toEqual(['/inventory/b']);
    expect(paths({ method: 'post' })).toEqual(['/inventory/b']);
    expect(paths({ path: '/inventory/a' })).toEqual(['/inventory/a']);
    expect(paths({ path: '*b' })).toEqual(['/inventory/b']);
    expect(paths({ client: 'c1' })).toEqual(['/inventory/a']);
    expect(paths({ afterSeq: 3 })).toEqual(['trust.established', 'b2c.mode.oci']);
    expect(paths({ limit: 2 })).toEqual(['trust.established', 'b2c.mode.oci']);
  });

  it('hands every entry to subscribers as it is recorded, whatever the capacity', () => {
    const j = new Journal({ capacity: 1, now });
    const seen: string[] = [];
    const unsubscribe = j.subscribe((e) => seen.push(e.kind === 'event' ? e.type : e.path));
    j.emit({ type: 'a' });
    j.recordRequest(req('/x'));
    j.emit({ type: 'b' });
    unsubscribe();
    j.emit({ type: 'c' });
    expect(seen).toEqual(['a', '/x', 'b']);
  });

  it('clear empties it', () => {
    const j = new Journal({ now });
    j.emit({ type: 'a' });
    expect(j.clear()).toBe(1);
    expect(j.query()).toEqual([]);
  });
});
