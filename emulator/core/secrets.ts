import { createHash, timingSafeEqual } from 'node:crypto';

// Passwords and client secrets are kept only as salted hashes and compared in constant time.

export function hashSecret(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update('\0').update(secret).digest('hex');
}

export function secretMatchesHash(salt: string, hash: string, presented: string): boolean {
  const a = Buffer.from(hashSecret(salt, presented), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
