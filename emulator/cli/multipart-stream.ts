import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

// A multipart/form-data body with one file part, as a stream: the preamble, the file straight from disk, the
// closing boundary. Its length is known up front (framing + file size), so it goes out with Content-Length like a
// browser's form post, and a gigabyte file costs one read buffer, never its whole size in memory.

export interface MultipartFile {
  /** The form field (`fileUpload` for impex). */
  field: string;
  /** The file name the part announces. */
  fileName: string;
  path: string;
  /** Bytes of the file on disk. */
  size: number;
  contentType?: string;
  /** Called with each chunk's length as it leaves the file: upload progress. */
  onBytes?: (bytes: number) => void;
}

export interface MultipartBody {
  stream: Readable;
  contentType: string;
  length: number;
}

export function multipartFileBody(file: MultipartFile): MultipartBody {
  const boundary = `----oci-emulator-${randomBytes(12).toString('hex')}`;
  const preamble = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${quoted(file.field)}"; filename="${quoted(file.fileName)}"\r\n` +
      `Content-Type: ${file.contentType ?? 'application/octet-stream'}\r\n\r\n`,
    'utf8',
  );
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  async function* parts(): AsyncGenerator<Buffer> {
    yield preamble;
    let sent = 0;
    for await (const chunk of createReadStream(file.path) as AsyncIterable<Buffer>) {
      sent += chunk.length;
      // Content-Length is already on the wire: a file that grew or shrank would corrupt the framing.
      if (sent > file.size) throw new Error(`${file.path} grew while it was being uploaded`);
      file.onBytes?.(chunk.length);
      yield chunk;
    }
    if (sent !== file.size) throw new Error(`${file.path} shrank while it was being uploaded`);
    yield closing;
  }
  return {
    stream: Readable.from(parts(), { objectMode: false }),
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: preamble.length + file.size + closing.length,
  };
}

/** Quotes and line breaks would end the header parameter early; browsers percent-encode them (HTML form rules). */
function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
