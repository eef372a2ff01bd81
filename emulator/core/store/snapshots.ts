import { parseState } from '../objects.js';
import type { SnapshotInfo } from './backend.js';
import { frame, readFrame } from './frames.js';
import { isJournaled, type JournalTypes } from './journaled.js';
import type { SnapshotHeader } from './snapshot-files.js';

// A snapshot is every namespace at one moment, as frames: a header, then per namespace either its JSON text or
// its journaled image. It is taken in one go (not in slices like a persisted image), because a snapshot must be
// one consistent moment: there is no log to replay over it.

export function snapshotFrames(data: ReadonlyMap<string, unknown>, head: Omit<SnapshotHeader, 'op' | 'namespaces'>): { frames: Buffer[]; info: SnapshotInfo } {
  const frames = [frame({ op: 'snapshot', ...head, namespaces: data.size })];
  for (const [ns, value] of data) {
    if (isJournaled(value)) {
      const image: Buffer[] = [];
      const it = value.image();
      for (let next = it.next(); !next.done; next = it.next()) image.push(next.value);
      frames.push(frame({ op: 'journal', ns, type: value.journalType, frames: image.length }), ...image);
    } else {
      frames.push(frame({ op: 'json', ns }, Buffer.from(JSON.stringify(value), 'utf8')));
    }
  }
  return { frames, info: { ...head, namespaces: data.size } };
}

/** The namespaces a snapshot's frames hold, rebuilt (plain ones null-prototype, journaled ones by their types). */
export function readSnapshot(frames: readonly Buffer[], types: JournalTypes): { info: SnapshotInfo; data: Map<string, unknown> } {
  const head = readFrame(frames[0]!).header as unknown as SnapshotHeader;
  if (head.op !== 'snapshot') throw new Error('not a snapshot');
  const data = new Map<string, unknown>();
  for (let i = 1; i < frames.length; i++) {
    const { header, parts } = readFrame(frames[i]!);
    const ns = String(header.ns);
    if (header.op === 'json') {
      data.set(ns, parseState(parts[0]!.toString('utf8')));
    } else if (header.op === 'journal') {
      const type = types.get(String(header.type));
      if (!type) throw new Error(`snapshot ${head.name} holds namespace ${ns} as '${String(header.type)}', which this version does not know`);
      const count = Number(header.frames);
      data.set(ns, type.load(frames.slice(i + 1, i + 1 + count)));
      i += count;
    } else {
      throw new Error(`snapshot ${head.name} holds an unknown frame '${header.op}'`);
    }
  }
  return { info: { name: head.name, createdAt: head.createdAt, clockAt: head.clockAt, namespaces: head.namespaces }, data };
}
