import type { Store } from './store/store.js';

// E-mails the emulated products send (provisioning notices and the like), kept so people and tests can read
// them at /__emulator/outbox. Stored like any other state: it survives restarts and follows resets.

export const OUTBOX_NAMESPACE = 'outbox';

export interface OutboxMessage {
  id: number;
  time: string;
  from: string;
  to: string;
  subject: string;
  body: string;
  tenant?: string | undefined;
}

interface OutboxState {
  nextId: number;
  messages: OutboxMessage[];
}

export class Outbox {
  readonly #store: Store;
  readonly #now: () => string;

  constructor(store: Store, now: () => string) {
    this.#store = store;
    this.#now = now;
  }

  #state(): OutboxState {
    return this.#store.ensure<OutboxState>(OUTBOX_NAMESPACE, () => ({ nextId: 1, messages: [] }));
  }

  send(message: Omit<OutboxMessage, 'id' | 'time'>): OutboxMessage {
    const state = this.#state();
    const full: OutboxMessage = { id: state.nextId++, time: this.#now(), ...message };
    state.messages.push(full);
    this.#store.touch(OUTBOX_NAMESPACE);
    return full;
  }

  list(filter: { to?: string; tenant?: string } = {}): OutboxMessage[] {
    return this.#state().messages.filter((m) => (!filter.to || m.to === filter.to) && (!filter.tenant || m.tenant === filter.tenant));
  }

  clear(): number {
    const state = this.#state();
    const n = state.messages.length;
    state.messages = [];
    this.#store.touch(OUTBOX_NAMESPACE);
    return n;
  }
}
