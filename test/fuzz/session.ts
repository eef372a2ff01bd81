import { FROZEN_START } from '../helpers/emulator.js';
import { mintCredentials, type Credentials } from './auth.js';
import { ChildEmulator } from './child.js';
import { FuzzClient, type Outcome, type WireRequest } from './http.js';

// The emulator under fuzz and what the fuzzer holds for it: the child process, a client, valid tokens. It is
// started again after a crash or a hang, and its world (demo fixtures, frozen clock at the test start) brought
// back when cases changed it through the control plane.

export class Session {
  child!: ChildEmulator;
  client!: FuzzClient;
  creds!: Credentials;
  restarts = 0;

  constructor(readonly timeoutMs: number) {}

  async start(): Promise<this> {
    this.child = await ChildEmulator.start();
    this.client = new FuzzClient(this.child.port);
    this.creds = await mintCredentials(this.client);
    return this;
  }

  send(req: WireRequest): Promise<Outcome> {
    return this.client.send(req, this.timeoutMs);
  }

  async healthy(): Promise<boolean> {
    // Health is cheap: an emulator that cannot answer it twice within a few seconds has its event loop blocked
    // (asked twice so that a busy machine is not taken for a hang).
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.child.exited) return false;
      const out = await this.client.send({ method: 'GET', path: '/__emulator/health', headers: { authorization: this.creds.control! } }, Math.min(this.timeoutMs, 3_000));
      if (out.kind === 'answer') return out.status === 200;
    }
    return false;
  }

  /** True when the process is gone, or goes within `ms` (a crash seen as a dropped connection). */
  async exitsWithin(ms: number): Promise<boolean> {
    for (let waited = 0; waited < ms && this.child.exited === undefined; waited += 50) await sleep(50);
    return this.child.exited !== undefined;
  }

  async restart(): Promise<void> {
    this.client.close();
    await (this.child.exited ? this.child.stop() : this.child.kill());
    await this.start();
    this.restarts++;
  }

  /** The demo world, the frozen clock at the start, fresh tokens. Throws when the emulator cannot get there. */
  async resetWorld(): Promise<void> {
    const headers = { authorization: this.creds.control!, 'content-type': 'application/json' };
    for (const [path, body] of [['/__emulator/clock/freeze', {}], ['/__emulator/clock/set', { time: FROZEN_START }], ['/__emulator/fixtures', { name: 'demo', seed: 1 }]] as const) {
      const out = await this.send({ method: 'POST', path, headers, body: Buffer.from(JSON.stringify(body)) });
      if (out.kind !== 'answer' || out.status !== 200) throw new Error(`resetting the world failed at ${path}: ${out.kind === 'answer' ? `${out.status} ${out.body.toString().slice(0, 300)}` : out.kind}`);
    }
    this.creds = await mintCredentials(this.client);
  }

  async stop(): Promise<void> {
    this.client.close();
    await this.child.stop();
  }
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
