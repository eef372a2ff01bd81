import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

// An export file written line by line with backpressure, hashed and measured on the way: the status's
// `validation` block (fileHash, fileHashType, fileSize) describes exactly the bytes a download returns.

export class ExportFile {
  readonly #out;
  readonly #hash = createHash('sha256');
  #size = 0;
  #pending: string[] = [];
  #pendingChars = 0;

  constructor(path: string) {
    this.#out = createWriteStream(path);
  }

  /** Buffers a line; call `drain()` now and then (every few hundred lines) to write and respect backpressure. */
  line(value: unknown): void {
    const text = `${JSON.stringify(value)}\n`;
    this.#pending.push(text);
    this.#pendingChars += text.length;
  }

  /** Writes raw text as is (a single-object file such as the location graph export). */
  raw(text: string): void {
    this.#pending.push(text);
    this.#pendingChars += text.length;
  }

  get buffered(): number {
    return this.#pendingChars;
  }

  async drain(): Promise<void> {
    if (this.#pending.length === 0) return;
    const chunk = Buffer.from(this.#pending.join(''), 'utf8');
    this.#pending = [];
    this.#pendingChars = 0;
    this.#hash.update(chunk);
    this.#size += chunk.length;
    if (!this.#out.write(chunk)) await once(this.#out, 'drain');
  }

  async close(): Promise<{ size: number; sha256: string }> {
    await this.drain();
    await new Promise<void>((done, fail) => {
      this.#out.once('error', fail);
      this.#out.end(done);
    });
    return { size: this.#size, sha256: this.#hash.digest('hex') };
  }

  /** Gives up: the stream is closed, the caller removes the file. */
  destroy(): void {
    this.#out.destroy();
  }
}
