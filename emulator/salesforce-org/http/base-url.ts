import type { Request } from 'express';

/**
 * The emulator as the caller reached it: what the org hands back as instance and server URLs. Clients written for
 * the real service may send `Host: login.salesforce.com` (the public Postman collection does); a URL built from
 * that would lead them away from the emulator, so the address they actually connected to is used instead.
 */
export function baseUrl(req: Request): string {
  const host = req.get('host') ?? '';
  if (host && !/(^|\.)salesforce\.com(:\d+)?$/i.test(host)) return `${req.protocol}://${host}`;
  return socketUrl(req);
}

/** The address and port the request arrived on, whatever its Host header says. */
export function socketUrl(req: Request): string {
  let address = req.socket.localAddress ?? '127.0.0.1';
  if (address.startsWith('::ffff:')) address = address.slice(7);
  return `${req.protocol}://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? 80}`;
}
