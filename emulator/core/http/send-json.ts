import type { ServerResponse } from 'node:http';

// Answers JSON without Express's res.json/res.send, which re-parse the content type, check freshness and walk
// several layers per response: on hot write paths (a reservation a basket) that machinery costs more than the
// answer. Same bytes on the wire as res.json with ETags off.

const JSON_UTF8 = 'application/json; charset=utf-8';

/** `contentType` exactly as given (Express's send would rewrite its charset parameter): token endpoints and error dialects name their own. */
export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = JSON_UTF8): void {
  sendBytes(res, status, Buffer.from(JSON.stringify(body), 'utf8'), contentType);
}

export function sendBytes(res: ServerResponse, status: number, bytes: Buffer, contentType = JSON_UTF8): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

/** 204 No Content, without Express's res.status (fast-lane handlers use Node's response only). */
export function noContent(res: ServerResponse): void {
  res.statusCode = 204;
  res.end();
}
