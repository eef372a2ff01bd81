import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { calculateJwkThumbprint, type JWK } from 'jose';

// The RS256 key pair that signs the emulator's tokens. With a data file it is generated once and kept beside it,
// so tokens survive restarts; in memory one pair per process is enough.

export interface SigningKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: JWK;
}

let processKeys: Promise<SigningKeys> | undefined;

export function loadSigningKeys(sidecarPath: string | undefined): Promise<SigningKeys> {
  if (sidecarPath === undefined) return (processKeys ??= fromPrivate(generatePrivate()));
  return loadOrCreate(sidecarPath);
}

async function loadOrCreate(path: string): Promise<SigningKeys> {
  let jwk: JWK | undefined;
  try {
    jwk = (JSON.parse(await readFile(path, 'utf8')) as { privateJwk: JWK }).privateJwk;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the signing key at ${path}: ${(error as Error).message}`);
  }
  if (jwk) return fromPrivate(createPrivateKey({ key: jwk as never, format: 'jwk' }));
  const privateKey = generatePrivate();
  const keys = await fromPrivate(privateKey);
  const privateJwk = privateKey.export({ format: 'jwk' });
  await writeFile(path, `${JSON.stringify({ alg: 'RS256', kid: keys.kid, privateJwk }, null, 2)}\n`, { mode: 0o600 });
  return keys;
}

function generatePrivate(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

async function fromPrivate(privateKey: KeyObject): Promise<SigningKeys> {
  const publicKey = createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(exported, 'sha256');
  return { kid, privateKey, publicKey, publicJwk: { kty: exported.kty, kid, use: 'sig', alg: 'RS256', n: exported.n, e: exported.e } };
}
