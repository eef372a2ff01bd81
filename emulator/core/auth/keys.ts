import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { calculateJwkThumbprint, type JWK } from 'jose';

// The key pairs that sign the emulator's tokens: RS256 (Account Manager, the org) and ES256 (SLAS, as the real one
// signs shopper tokens). With a data file each is generated once and kept beside it, so tokens survive restarts; in
// memory one pair per process is enough.

export interface SigningKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

export type SigningAlg = 'RS256' | 'ES256';

const processKeys = new Map<SigningAlg, Promise<SigningKeys>>();

export function loadSigningKeys(sidecarPath: string | undefined, alg: SigningAlg = 'RS256'): Promise<SigningKeys> {
  if (sidecarPath === undefined) {
    let keys = processKeys.get(alg);
    if (!keys) processKeys.set(alg, (keys = fromPrivate(generatePrivate(alg), alg)));
    return keys;
  }
  return loadOrCreate(sidecarPath, alg);
}

async function loadOrCreate(path: string, alg: SigningAlg): Promise<SigningKeys> {
  let jwk: JWK | undefined;
  try {
    jwk = (JSON.parse(await readFile(path, 'utf8')) as { privateJwk: JWK }).privateJwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the signing key at ${path}: ${(error as Error).message}`);
  }
  if (jwk) return fromPrivate(createPrivateKey({ key: jwk as never, format: 'jwk' }), alg);
  const privateKey = generatePrivate(alg);
  const keys = await fromPrivate(privateKey, alg);
  const privateJwk = privateKey.export({ format: 'jwk' });
  await writeFile(path, `${JSON.stringify({ alg, kid: keys.kid, privateJwk }, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

function generatePrivate(alg: SigningAlg): KeyObject {
  return alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

async function fromPrivate(privateKey: KeyObject, alg: SigningAlg): Promise<SigningKeys> {
  const publicKey = createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(exported, 'sha256');
  const material = alg === 'ES256' ? { crv: exported.crv, x: exported.x, y: exported.y } : { n: exported.n, e: exported.e };
  return { kid, privateKey, publicKey, publicJwk: { kty: exported.kty, kid, use: 'sig', alg, ...material } };
}
