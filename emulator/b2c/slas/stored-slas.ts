import type { Journaled, JournalType } from '../../core/store/journaled.js';
import { JournaledMap, replayInto } from '../../core/store/journaled-map.js';
import { SLAS_JOURNAL, type AuthorizationCode, type RefreshGrant, type SlasClient, type SlasState } from './model.js';

// SLAS as it is kept: journaled maps, so a guest login writes its code or refresh token, not the thirty days of
// refresh tokens a busy storefront piles up. Codes and refresh tokens live a fixed time from when they were
// made, so the oldest come first (insertion order survives restarts) and forgetting the expired ones stops at the
// first that is still good.

export class StoredSlas implements Journaled {
  readonly journalType = SLAS_JOURNAL;
  readonly clients = new JournaledMap<SlasClient>('clients');
  readonly codes = new JournaledMap<AuthorizationCode>('codes');
  readonly refreshTokens = new JournaledMap<RefreshGrant>('refreshTokens');
  /** Access tokens a logout revoked (by jti), until they would have expired anyway (epoch ms). */
  readonly revoked = new JournaledMap<number>('revoked');

  /** Forgets what is past its time, oldest first (a few entries per call in steady traffic). */
  sweep(now: number): void {
    prune(this.codes, (c) => c.expiresAt <= now);
    prune(this.refreshTokens, (g) => g.expiresAt <= now);
    prune(this.revoked, (until) => until <= now);
  }

  drain(): Buffer[] | 'image' {
    if (this.refreshTokens.mostlyChanged) return 'image';
    const frames: Buffer[] = [];
    for (const map of this.#maps()) map.drainInto(frames);
    return frames;
  }

  forget(): void {
    for (const map of this.#maps()) map.forget();
  }

  *image(): Iterator<Buffer> {
    for (const map of this.#maps()) yield* map.imageFrames();
  }

  #maps() {
    return [this.clients, this.codes, this.refreshTokens, this.revoked] as const;
  }

  static load(frames: Iterable<Buffer>): StoredSlas {
    const stored = new StoredSlas();
    replayInto(frames, stored.#maps() as readonly JournaledMap<unknown>[], 'SLAS');
    stored.forget();
    return stored;
  }

  /** What a fixture wrote as plain JSON. */
  static fromPlain(plain: Partial<SlasState>): StoredSlas {
    const stored = new StoredSlas();
    for (const [id, c] of Object.entries(plain.clients ?? {})) stored.clients.set(id, c);
    for (const [code, c] of Object.entries(plain.codes ?? {})) stored.codes.set(code, c);
    for (const [t, g] of Object.entries(plain.refreshTokens ?? {})) stored.refreshTokens.set(t, g);
    for (const [jti, until] of Object.entries(plain.revoked ?? {})) stored.revoked.set(jti, until);
    stored.forget();
    return stored;
  }
}

/** Drops entries from the front while they are done; stops at the first that is not. */
function prune<V>(map: JournaledMap<V>, done: (value: V) => boolean): void {
  for (const [key, value] of map.entries()) {
    if (!done(value)) return;
    map.delete(key);
  }
}

export const slasJournal: JournalType = { name: SLAS_JOURNAL, load: (frames) => StoredSlas.load(frames) };
