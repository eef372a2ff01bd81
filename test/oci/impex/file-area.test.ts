import { existsSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileArea } from '../../../emulator/oci/impex/jobs/file-area.js';
import { tempFolders } from '../../helpers/temp.js';
import { startImpex } from './helpers.js';

// An emulator without a data file keeps impex files in a private temporary folder: made only once a file needs
// it, removed when the emulator closes. Each test points the temporary folder (TMPDIR) at a folder of its own,
// so other test files running at the same time cannot blur what it sees.

const temp = tempFolders('oci-emu-file-area');
afterAll(temp.cleanup);

let scratch: string;
const saved = process.env.TMPDIR;
beforeEach(() => {
  scratch = temp.dir();
  process.env.TMPDIR = scratch;
});
afterEach(() => {
  process.env.TMPDIR = saved;
});

const filesFolders = () => readdirSync(scratch).filter((n) => n.startsWith('oci-emulator-files-'));

describe('the private file folder of an emulator without a data file', () => {
  it('holds the uploads and results of its imports, and goes when the emulator closes', async () => {
    const run = await startImpex();
    try {
      expect(filesFolders()).toEqual([]);
      const { status } = await run.importFile('{"recordId":"r1","sku":"SKU-FA","location":"WH-1","onHand":1}\n');
      expect(status.status).toBe('COMPLETED');
      expect(filesFolders()).toHaveLength(1);
    } finally {
      await run.close();
    }
    expect(filesFolders()).toEqual([]);
  });

  it('is never made for an emulator that handles no file, and closing twice is harmless', () => {
    const area = new FileArea();
    area.close();
    area.close();
    expect(filesFolders()).toEqual([]);
  });

  it('a data file’s folder is the caller’s: close leaves it', () => {
    const given = `${temp.dir()}/state.files`;
    const area = new FileArea(given);
    const path = area.path('tg', 'job', 'upload');
    expect(dirname(path).startsWith(given)).toBe(true);
    area.close();
    expect(existsSync(dirname(path))).toBe(true);
  });
});
