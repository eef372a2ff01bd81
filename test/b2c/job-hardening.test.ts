import { describe, expect, it } from 'vitest';
import { b2cWorld, inventoryXml, NS } from './helpers.js';

// What a hostile or careless B2C team can hand the jobs: a FileNamePattern that would backtrack for hours or that
// RE2 cannot run, XML files with a DTD, entities or deep nesting, and folders outside IMPEX. Each is refused with
// its reason, in the job's log or on the Jobs page; none blocks the emulator or answers a 5xx.

const { data, page, dav, runJob, log, saveJob: save } = b2cWorld();
const put = (path: string, text: string) => dav('put', `Impex/${path}`, text);
const file = (path: string) => dav('get', `Impex/${path}`);
const saveJob = (id: string, parameters: Record<string, string>) => save(id, [{ type: 'ImportInventoryLists', parameters }]);
const list = (id: string) => data('get', `/inventory_lists/${id}`);
const inventory = (listId: string, description: string) => inventoryXml(listId, undefined, `<default-instock>false</default-instock><description>${description}</description>`);

describe('FileNamePattern', () => {
  it('a pattern that backtracks catastrophically in JavaScript answers at once, with the right files', async () => {
    // ^(a+)+\.xml$ against 36 a's and a '!' takes hours with a backtracking engine.
    await put(`src/redos/${'a'.repeat(36)}!`, inventory('REDOS-NOT', 'not matched'));
    await put('src/redos/aaaa.xml', inventory('REDOS-YES', 'matched'));
    expect((await saveJob('redos', { WorkingFolder: 'redos', FileNamePattern: '^(a+)+\\.xml$' })).status).toBe(200);
    const started = performance.now();
    const res = await runJob('redos');
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(200);
    expect(res.body.exit_status).toMatchObject({ status: 'ok', code: 'OK' });
    expect((await list('REDOS-YES')).status).toBe(200);
    expect((await list('REDOS-NOT')).status).toBe(404);
    expect((await file(`src/redos/${'a'.repeat(36)}!`)).status).toBe(200);
    expect((await file('archive/aaaa.xml')).status).toBe(200);
  });

  it.each([
    ['(a)\\1\\.xml', /FileNamePattern '\(a\)\\1\\\.xml' is refused: backreferences \(\\1, \\k<name>\) are not supported/],
    ['^(?!tmp).*\\.xml$', /is refused: lookahead and lookbehind .* are not supported/],
    ['(?<=x)y', /is refused: lookahead and lookbehind/],
    ['a++', /is refused: possessive quantifiers/],
    ['(unclosed', /is refused: it is not a valid regular expression \(missing closing \)\)/],
    ['x'.repeat(1001), /is refused: it is longer than 1000 characters/],
  ])('%s is refused when the job is saved on the Jobs page', async (pattern, message) => {
    const res = await saveJob('refused-pattern', { FileNamePattern: pattern });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'INVALID_STEP_PARAMETER' });
    expect(res.body.message).toMatch(/^Step 1 \(ImportInventoryLists\): /);
    expect(res.body.message).toMatch(message);
    const shown = await page('Jobs-Show');
    expect(shown.body.jobs.map((j: { id: string }) => j.id)).not.toContain('refused-pattern');
  });

  it('a refused pattern given when the job runs ends the job in ERROR with a log line, importing nothing', async () => {
    await put('src/late/late.xml', inventory('LATE-LIST', 'x'));
    await saveJob('late-pattern', { WorkingFolder: 'late' });
    const res = await runJob('late-pattern', { FileNamePattern: '(?=late).*' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ execution_status: 'finished', exit_status: { status: 'error', code: 'ERROR' } });
    expect(res.body.exit_status.message).toMatch(/FileNamePattern '\(\?=late\)\.\*' is refused: lookahead/);
    expect(await log('late-pattern', res.body.id)).toMatch(/ERROR ImportInventoryLists: FileNamePattern '\(\?=late\)\.\*' is refused/);
    expect((await list('LATE-LIST')).status).toBe(404);
    expect((await file('src/late/late.xml')).status).toBe(200);
  });
});

const lol = `<!DOCTYPE inventory [<!ENTITY lol "lol"><!ENTITY lol1 "${'&lol;'.repeat(10)}"><!ENTITY lol2 "${'&lol1;'.repeat(10)}"><!ENTITY lol9 "${'&lol2;'.repeat(10)}">]>`;

describe('XML files the parser refuses', () => {
  it.each([
    ['entity expansion', `<?xml version="1.0"?>${lol}${inventory('XML-LOL', '&lol9;')}`, /DOCTYPE and it defines entities \(<!ENTITY lol …>\)/],
    ['an external entity', `<?xml version="1.0"?><!DOCTYPE inventory [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${inventory('XML-XXE', '&xxe;')}`, /defines entities \(<!ENTITY xxe …>\)/],
    ['an oversized entity', `<!DOCTYPE inventory [<!ENTITY big "${'x'.repeat(200_000)}">]>${inventory('XML-BIG', '&big;')}`, /defines entities \(<!ENTITY big …>\)/],
    ['an external DTD', `<!DOCTYPE inventory SYSTEM "http://example.com/inventory.dtd">${inventory('XML-DTD', 'x')}`, /DOCTYPE and it refers to an external DTD/],
    ['an undefined entity', inventory('XML-UNDEF', '&lol9;'), /the entity &lol9; is not defined/],
    ['a bare ampersand in an attribute', inventory('XML-AMP" note="a & b', 'x'), /'&' must start an entity reference/],
    ['5000 levels of nesting', `<inventory xmlns="${NS}">${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</inventory>`, /nests elements deeper than 32 levels/],
  ])('%s: the job ends in ERROR with a log line; nothing is imported and the file stays', async (_name, xml, reason) => {
    const folder = `refused-${Math.random().toString(36).slice(2, 8)}`;
    await put(`src/${folder}/feed.xml`, xml);
    await saveJob(folder, { WorkingFolder: folder, ImportFailedHandling: 'ERROR' });
    const res = await runJob(folder);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ _type: 'job_execution', execution_status: 'finished', exit_status: { status: 'error', code: 'ERROR', message: 'a file failed validation' } });
    const text = await log(folder, res.body.id);
    expect(text).toMatch(new RegExp(`ERROR \\[SCHEMAERROR\\] IMPEX/src/${folder}/feed.xml: .*The file was not imported\\.`));
    expect(text).toMatch(reason);
    expect(text).not.toMatch(/\/work\/|node_modules|at .*\.ts:\d+/);
    for (const id of ['XML-LOL', 'XML-XXE', 'XML-BIG', 'XML-DTD', 'XML-UNDEF']) expect((await list(id)).status).toBe(404);
    expect((await file(`src/${folder}/feed.xml`)).status).toBe(200);
  });

  it('with ImportFailedHandling WARN (the default) the same file ends the job in WARN and is archived', async () => {
    await put('src/warned/feed.xml', `${lol}${inventory('XML-WARN', '&lol9;')}`);
    await saveJob('warned', { WorkingFolder: 'warned' });
    const res = await runJob('warned');
    expect(res.body.exit_status).toMatchObject({ status: 'ok', code: 'WARN', message: 'a file failed validation' });
    expect((await list('XML-WARN')).status).toBe(404);
    expect((await file('archive/feed.xml')).status).toBe(200);
  });

  it('decodes the predefined entities and character references, and takes CDATA as it is', async () => {
    await put('src/decoded/feed.xml', inventory('XML-DECODED', 'A &#66;&#x43; &amp; &lt;&gt; <![CDATA[&raw; <b>]]>'));
    await saveJob('decoded', { WorkingFolder: 'decoded' });
    expect((await runJob('decoded')).body.exit_status.code).toBe('OK');
    expect((await list('XML-DECODED')).body.description).toBe('A BC & <> &raw; <b>');
  });
});

describe('folders', () => {
  it.each([
    ['WorkingFolder', '../outside'],
    ['ArchiveFolder', 'archive/../../etc'],
  ])('%s %s is refused on the Jobs page and when the job runs', async (name, value) => {
    const saved = await saveJob('bad-folder', { [name]: value });
    expect(saved.status).toBe(400);
    expect(saved.body.message).toBe(`Step 1 (ImportInventoryLists): ${name} '${value}' must be a folder inside IMPEX (no '.' or '..' segments).`);
    await put('src/folders/feed.xml', inventory('FOLDER-LIST', 'x'));
    await saveJob('good-folder', { WorkingFolder: 'folders' });
    const res = await runJob('good-folder', { [name]: value });
    expect(res.status).toBe(200);
    expect(res.body.exit_status).toMatchObject({ status: 'error', code: 'ERROR' });
    expect((await list('FOLDER-LIST')).status).toBe(404);
    expect((await file('src/folders/feed.xml')).status).toBe(200);
  });
});
