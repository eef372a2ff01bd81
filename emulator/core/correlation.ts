import { randomBytes } from 'node:crypto';

// Correlation ids the emulator makes up for callers that sent none: UUID-shaped, unique per process (a random
// prefix chosen at start, then a counter), so the journal can keep the number instead of the string.

const PREFIX = (() => {
  const h = randomBytes(10).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-`;
})();

let counter = 0;

export function nextCorrelationSeq(): number {
  return ++counter;
}

export function correlationIdOf(seq: number): string {
  return PREFIX + seq.toString(16).padStart(12, '0');
}
