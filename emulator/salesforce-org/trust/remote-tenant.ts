import { AppError } from '../../core/errors/app-error.js';
import type { B2cInstanceFacts } from '../../b2c/services.js';
import type { Services } from '../../party.js';

// Manage C2C Trust Relationships → New → Remote Tenant URL: `https://<Business Manager host>/on/`, naming an instance
// B2C knows. Each way it can be wrong is a 400 INVALID_FIELD that says what to enter instead.

export function instanceOfRemoteTenantUrl(url: string, services: Services): B2cInstanceFacts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(`Remote Tenant URL "${url}" is not a URL. Enter https://<Business Manager host>/on/.`);
  }
  if (parsed.protocol !== 'https:') throw invalid(`Remote Tenant URL must use https, not ${parsed.protocol.replace(':', '')}: https://${parsed.host}/on/`);
  if (parsed.pathname !== '/on/' || parsed.search || parsed.hash) {
    throw invalid(`Remote Tenant URL must end in /on/ (the Business Manager path): https://${parsed.host}/on/`);
  }
  const b2c = services.b2c;
  const instance = b2c?.instanceByHost(parsed.hostname);
  if (!instance) {
    const known = (b2c?.instances() ?? []).map((i) => i.bmHost).join(', ') || 'none';
    throw invalid(`No B2C Commerce instance answers at ${parsed.hostname}. Known Business Manager hosts: ${known}.`);
  }
  return instance;
}

const invalid = (message: string) => new AppError(400, 'INVALID_FIELD', message);
