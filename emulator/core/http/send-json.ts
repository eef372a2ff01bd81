import type { Response } from 'express';

// Answers JSON without Express's res.json/res.send, which re-parse the content type, check freshness and walk
// several layers per response: on hot write paths (a reservation a basket) that machinery costs more than the
// answer. Same bytes on the wire as res.json with ETags off.

export function sendJson(res: Response, status: number, body: unknown): void {
  sendBytes(res, status, Buffer.from(JSON.stringify(body), 'utf8'));
}

export function sendBytes(res: Response, status: number, bytes: Buffer): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

/** 204 No Content, without Express's res.status (fast-lane handlers use Node's response only). */
export function noContent(res: Response): void {
  res.statusCode = 204;
  res.end();
}
