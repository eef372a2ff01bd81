import { importLines } from '../../fixtures/import-file.js';
import { availabilityOf, IMPORTS, NoAnswer, type Client } from './client.js';
import type { Sent, Window } from './rules.js';
import { pause, type Stop } from './writers.js';

// Availability imports, through the impex flow a client drives (initiate, upload, poll the status). Each has SKUs
// of its own, so what it applied can be read back exactly. After a restart an import must be COMPLETED with every
// record applied, or get there (it runs again from the start); never FAILED, never COMPLETED without its records.

const SKUS_PER_IMPORT = 750; // × 4 demo locations: 3 000 lines, about 450 KB
const POLL_MS = 8;
const SETTLE_TIMEOUT_MS = 30_000;

interface Phases {
  uploading: Promise<void>;
  running: Promise<void>;
  completed: Promise<void>;
}

export class ImportFlow {
  readonly name: string;
  readonly lines: number;
  readonly #content: string;
  /** onHand by SKU, then location, as the file says. */
  readonly #expected = new Map<string, Map<string, number>>();
  readonly phases: Phases;
  readonly #reached: { uploading: () => void; running: () => void; completed: () => void };
  #initiate: Sent | undefined;
  #importId: string | undefined;
  #uploadLink: string | undefined;
  readonly #uploads: Sent[] = [];
  /** The latest status answer that said COMPLETED. */
  #completed: Sent | undefined;
  /** Its records were all read back once: later restarts check a sample. */
  #checked = false;
  /** The latest status body, for failure messages. */
  #last: unknown;
  /** Its initiate was lost in the crash (allowed): nothing more to check. */
  #gone = false;

  constructor(readonly index: number) {
    this.name = `import ${index}`;
    const prefix = `IMP${index}`;
    const lines = [...importLines({ skus: SKUS_PER_IMPORT, seed: 1_000 + index, skuPrefix: prefix })].flat();
    for (const line of lines) {
      const record = JSON.parse(line) as { sku: string; locationId: string; onHand: number };
      const at = this.#expected.get(record.sku) ?? new Map<string, number>();
      this.#expected.set(record.sku, at.set(record.locationId, record.onHand));
    }
    this.lines = lines.length;
    this.#content = `${lines.join('\n')}\n`;
    const reached = { uploading: () => {}, running: () => {}, completed: () => {} };
    this.phases = {
      uploading: new Promise((r) => (reached.uploading = r)),
      running: new Promise((r) => (reached.running = r)),
      completed: new Promise((r) => (reached.completed = r)),
    };
    this.#reached = reached;
  }

  async run(client: Client, stop: Stop): Promise<void> {
    try {
      const initiate: Sent = { sentAt: performance.now() };
      this.#initiate = initiate;
      const res = await client.json('POST', IMPORTS, { fileName: `${this.name}.json` });
      Object.assign(initiate, { ackAt: res.ackAt, status: res.status });
      if (res.status !== 200) return stop.fail(`${this.name}: initiate answered ${res.status} ${JSON.stringify(res.body)}`);
      ({ importId: this.#importId, uploadLink: this.#uploadLink } = res.body as { importId: string; uploadLink: string });
      if (stop.stopped) return;
      this.#reached.uploading();
      const uploaded = await this.#upload(client);
      if (uploaded.status !== 200) return stop.fail(`${this.name}: upload answered ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
      while (!stop.stopped) {
        const status = await this.#status(client);
        if (status === 'RUNNING') this.#reached.running();
        if (status === 'COMPLETED') {
          this.#reached.running();
          this.#reached.completed();
          return;
        }
        if (status !== 'PENDING' && status !== 'RUNNING') return stop.fail(`${this.name}: ${status} before any crash`);
        await pause(POLL_MS);
      }
    } catch (error) {
      if (!(error instanceof NoAnswer)) throw error;
    }
  }

  /** After a restart: where the import is must be allowed by the window, and it must end COMPLETED with its records. */
  async verify(client: Client, window: Window, problems: string[]): Promise<void> {
    if (this.#gone || this.#importId === undefined) return;
    const problem = (text: string) => problems.push(`${this.name} (${this.#importId}): ${text}`);
    const uploadRequired = this.#uploads.find((u) => window.required(u));
    const completedRequired = this.#completed !== undefined && window.required(this.#completed);
    let status = await this.#status(client);
    if (status === 'absent') {
      if (window.required(this.#initiate!)) problem(`gone after the restart; its initiate was ${window.describe(this.#initiate!)}`);
      this.#gone = true;
      return;
    }
    if (completedRequired && status !== 'COMPLETED') problem(`${status} after the restart; it was COMPLETED (${window.describe(this.#completed!)})`);
    if (status === 'WAITING') {
      if (uploadRequired) problem(`WAITING for its file after the restart; the upload was ${window.describe(uploadRequired)}`);
      const uploaded = await this.#upload(client);
      if (uploaded.status !== 200) {
        problem(`a new upload after the restart answered ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
        return;
      }
      status = await this.#status(client);
    }
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    while ((status === 'PENDING' || status === 'RUNNING') && performance.now() < deadline) {
      await pause(POLL_MS);
      status = await this.#status(client);
    }
    if (status !== 'COMPLETED') {
      problem(`${status} after the restart, not COMPLETED: ${JSON.stringify(this.#last)}`);
      return;
    }
    await this.#checkRecords(client, problem);
  }

  async #checkRecords(client: Client, problem: (text: string) => void): Promise<void> {
    const res = await client.json('GET', `${IMPORTS}/${this.#importId}/status`);
    const body = res.body as { validation: { status: string }; import: { recordsReadCount: number; recordsProcessedCount: number; recordsSkippedCount: number } };
    const { recordsReadCount: read, recordsProcessedCount: processed, recordsSkippedCount: skipped } = body.import;
    if (body.validation.status !== 'Success' || read !== this.lines || processed + skipped !== this.lines) {
      problem(`COMPLETED with validation ${body.validation.status}, ${read} read, ${processed} processed, ${skipped} skipped of ${this.lines} lines`);
    }
    // Every record the first time; a sample of a hundred after later restarts.
    const all = [...this.#expected.keys()];
    const skus = this.#checked ? all.filter((_, i) => i % Math.ceil(all.length / 25) === 0) : all;
    const found = await availabilityOf(client, skus);
    const wrong: string[] = [];
    for (const sku of skus) {
      for (const [location, onHand] of this.#expected.get(sku)!) {
        const got = found.get(`${sku}@${location}`)?.onHand;
        if (got !== onHand) wrong.push(`${sku}@${location} ${got ?? 'missing'} (file: ${onHand})`);
      }
    }
    if (wrong.length > 0) problem(`COMPLETED but ${wrong.length} records are not what the file says: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? ', …' : ''}`);
    this.#checked = true;
  }

  async #upload(client: Client): Promise<{ status: number; body: unknown }> {
    const upload: Sent = { sentAt: performance.now() };
    this.#uploads.push(upload);
    const res = await client.upload(this.#uploadLink!, this.#content);
    Object.assign(upload, { ackAt: res.ackAt, status: res.status });
    return res;
  }

  /** The import's status, or `absent` (404); a COMPLETED answer is remembered with its times. */
  async #status(client: Client): Promise<string> {
    const res = await client.json('GET', `${IMPORTS}/${this.#importId}/status`);
    if (res.status === 404) return 'absent';
    if (res.status !== 200) throw new Error(`${this.name}: status answered ${res.status} ${JSON.stringify(res.body)}`);
    this.#last = res.body;
    const status = (res.body as { status: string }).status;
    if (status === 'COMPLETED') this.#completed = { sentAt: res.sentAt, ackAt: res.ackAt, status: res.status };
    return status;
  }
}
