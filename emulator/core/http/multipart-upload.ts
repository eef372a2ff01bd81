import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import busboy from 'busboy';
import { AppError, errors, GenericCode } from '../errors/app-error.js';

// One file out of a multipart/form-data request, streamed to disk while it is hashed and measured: never the
// whole upload in memory. Clients disagree on how they send it (a file part named `fileUpload`, an unnamed part,
// the NDJSON as a text field named `ImportsUploadLinkPostBody`), so the first file part wins, else the first
// non-empty text field. busboy parses the multipart framing: boundaries split across chunks, quoted headers and
// encodings are easy to get wrong by hand.

export interface ReceivedFile {
  /** The form field the content came in. */
  part: string;
  bytes: number;
  hash: string;
  /** Starts with the gzip magic bytes 1f 8b. */
  gzipped: boolean;
}

export interface UploadOptions {
  limitBytes: number;
  /** Said in the 413 message: what the caller should do instead. */
  tooLargeHint: string;
  hashAlgorithm: 'sha256' | 'sha512';
  /** Names of fields that are never the content (metadata some clients send beside the file). */
  ignoreFields?: readonly string[];
}

/** Framing and headers of a multipart body: a body this much over the limit cannot hold a file within it. */
const MULTIPART_OVERHEAD = 64 * 1024;

export function receiveUpload(req: Request, destination: string, options: UploadOptions): Promise<ReceivedFile> {
  const type = req.headers['content-type'];
  if (!type || !/^\s*multipart\/form-data\s*;/i.test(type)) {
    return Promise.reject(errors.unsupportedMediaType(type, 'multipart/form-data with the file in one part'));
  }
  const declared = Number(req.headers['content-length']);
  if (declared > options.limitBytes + MULTIPART_OVERHEAD) {
    return Promise.reject(tooLarge(options));
  }
  return new Promise<ReceivedFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: options.limitBytes, fieldSize: options.limitBytes, files: 10, fields: 50, parts: 60 },
      });
    } catch (error) {
      reject(new AppError(400, GenericCode.MalformedBody, `The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    let taken: Promise<ReceivedFile> | undefined;
    let part: Readable | undefined;
    let settled = false;
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      // Once the parser gets no more bytes, the part being written would never end: stop it, so the file goes.
      part?.destroy(new Error(error.message));
      const cleanup = taken ? taken.catch(() => undefined) : Promise.resolve();
      void cleanup.then(() => rm(destination, { force: true })).finally(() => reject(error));
    };

    parser.on('file', (name, stream, _info) => {
      if (taken || settled) {
        stream.resume();
        return;
      }
      part = stream;
      taken = writeFrom(stream, name, destination, options.hashAlgorithm, () => tooLarge(options));
      taken.catch((error: unknown) => fail(asAppError(error)));
    });
    parser.on('field', (name, value, info) => {
      if (taken || settled || value.length === 0 || options.ignoreFields?.includes(name)) return;
      if (info.valueTruncated) return fail(tooLarge(options));
      const content = Buffer.from(value, 'utf8');
      taken = writeFrom(bufferStream(content), name, destination, options.hashAlgorithm, () => tooLarge(options));
      taken.catch((error: unknown) => fail(asAppError(error)));
    });
    parser.on('error', (error: Error) => fail(new AppError(400, GenericCode.MalformedBody, `The multipart body cannot be read: ${error.message}`)));
    parser.on('close', () => {
      if (settled) return;
      if (!taken) {
        return fail(
          new AppError(400, GenericCode.MalformedBody, 'The upload holds no file: send the NDJSON as a multipart file part (any name) or as a text field', {
            details: { parameterName: 'file' },
          }),
        );
      }
      taken.then(
        (file) => {
          if (settled) return;
          settled = true;
          resolve(file);
        },
        () => undefined,
      );
    });
    const aborted = () => fail(new AppError(400, GenericCode.MalformedBody, 'The upload was aborted by the client'));
    req.on('aborted', aborted);
    req.on('close', () => {
      if (!req.complete) aborted();
    });
    req.pipe(parser);
  });
}

function writeFrom(source: Readable, part: string, destination: string, algorithm: 'sha256' | 'sha512', onLimit: () => AppError): Promise<ReceivedFile> {
  return new Promise((resolve, reject) => {
    const hash = createHash(algorithm);
    const out = createWriteStream(destination);
    let bytes = 0;
    let head = Buffer.alloc(0);
    let overLimit = false;
    // Over the limit: give up on the file at once (the rest of the body is not waited for) and say why.
    source.on('limit', () => {
      overLimit = true;
      out.destroy();
      source.resume();
      reject(onLimit());
    });
    source.on('data', (chunk: Buffer) => {
      if (overLimit) return;
      if (head.length < 2) head = Buffer.concat([head, chunk.subarray(0, 2)]);
      bytes += chunk.length;
      hash.update(chunk);
      if (!out.write(chunk)) {
        source.pause();
        out.once('drain', () => source.resume());
      }
    });
    source.on('error', (error) => {
      out.destroy();
      reject(error);
    });
    source.on('end', () => {
      if (overLimit) return;
      out.end(() => {
        resolve({ part, bytes, hash: hash.digest('hex'), gzipped: head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b });
      });
    });
    out.on('error', (error) => reject(error));
  });
}

function bufferStream(content: Buffer): Readable {
  return Readable.from([content]);
}

function tooLarge(options: UploadOptions): AppError {
  // The rest of the body is not read: the connection closes once the answer is out.
  return new AppError(413, GenericCode.PayloadTooLarge, `The upload exceeds ${options.limitBytes} bytes. ${options.tooLargeHint}`, {
    details: { limit: options.limitBytes },
    headers: { Connection: 'close' },
  });
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError(400, GenericCode.MalformedBody, `The upload could not be received: ${(error as Error).message}`);
}
