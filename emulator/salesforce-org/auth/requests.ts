import type { Request } from 'express';

// Parameters of a token request: the query string, then the body on top. The body may be a urlencoded form or,
// as Postman's "form-data" mode sends it, multipart/form-data with text fields. Any other body is not read, so
// the request lacks grant_type and Salesforce's "grant type not supported" follows.

export function tokenParams(req: Request): { params: URLSearchParams; unreadBody: string | undefined } {
  const params = new URLSearchParams(queryString(req));
  const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const type = (req.get('content-type') ?? '').toLowerCase();
  if (body.length === 0) return { params, unreadBody: undefined };
  let fields: Iterable<[string, string]> | undefined;
  if (type.startsWith('application/x-www-form-urlencoded')) fields = new URLSearchParams(body.toString('utf8'));
  else if (type.startsWith('multipart/form-data')) fields = multipartFields(body, req.get('content-type') ?? '');
  if (!fields) return { params, unreadBody: type || '(no content type)' };
  for (const [key, value] of fields) params.set(key, value);
  return { params, unreadBody: undefined };
}

/** The text fields of a multipart/form-data body; file parts are skipped. */
export function multipartFields(body: Buffer, contentType: string): [string, string][] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return undefined;
  const fields: [string, string][] = [];
  for (const part of body.toString('utf8').split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) continue;
    const headers = part.slice(0, headerEnd);
    const name = /content-disposition:[^\r\n]*;\s*name="([^"]*)"/i.exec(headers)?.[1];
    if (name === undefined || /;\s*filename=/i.test(headers)) continue;
    fields.push([name, part.slice(headerEnd + 4).replace(/\r\n$/, '')]);
  }
  return fields;
}

function queryString(req: Request): string {
  const q = req.originalUrl.indexOf('?');
  return q < 0 ? '' : req.originalUrl.slice(q + 1);
}
