import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { safeMessage } from '../../emulator/core/errors/safe-message.js';

// What a client may read of an error (an import's validation error, an export's failure): no file path.

describe('safeMessage', () => {
  it('says what a file-system error was, without its path', async () => {
    const error = await readFile('/tmp/oci-emu-nowhere/state.files/tg/upload').catch((e: unknown) => e);
    expect(String((error as Error).message)).toContain('/tmp/oci-emu-nowhere');
    expect(safeMessage(error)).toBe('ENOENT (open)');
  });

  it('keeps what other errors say, first line only, paths taken out', () => {
    let zlib: unknown;
    try {
      gunzipSync(Buffer.from('not gzip'));
    } catch (error) {
      zlib = error;
    }
    expect(safeMessage(zlib)).toBe('incorrect header check');
    expect(safeMessage(new Error('cannot open /work/main/state.d/x.json here\n    at f (/work/main/a.ts:1:2)'))).toBe('cannot open (a file of the emulator) here');
    expect(safeMessage('plain')).toBe('plain');
  });
});
