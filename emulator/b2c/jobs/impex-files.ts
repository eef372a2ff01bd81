import { AppError } from '../../core/errors/app-error.js';
import { own } from '../../core/objects.js';
import type { Store } from '../../core/store/store.js';
import { dictionary, keyedState } from '../keyed.js';
import type { JobDefinition, JobExecution } from './model.js';

// An instance's IMPEX folder as WebDAV shows it (namespace `b2c-impex.<instance>`, with the instance's jobs and
// their executions): files by path, kept in the emulator's state. Paths are ids users choose: `__proto__` is a
// file name like any other.

export interface ImpexState {
  files: Record<string, { text: string; modified: string }>;
  jobs: Record<string, JobDefinition>;
  executions: Record<string, JobExecution>;
  nextExecution: number;
}

const namespace = (instanceId: string) => `b2c-impex.${instanceId}`;
const empty = (): ImpexState => ({ files: dictionary(), jobs: dictionary(), executions: dictionary(), nextExecution: 1 });

/** WebDAV uploads into IMPEX: the emulator keeps them in its state, so they stay small. */
export const MAX_IMPEX_FILE_BYTES = 10 * 1024 * 1024;

export class ImpexFiles {
  readonly #d: { store: Store; now: () => string };

  constructor(deps: { store: Store; now: () => string }) {
    this.#d = deps;
  }

  /** The instance's IMPEX state, its dictionaries prototype-free whatever wrote them. */
  state(instanceId: string): ImpexState {
    return keyedState(this.#d.store, namespace(instanceId), empty, ['files', 'jobs', 'executions']);
  }

  touch(instanceId: string): void {
    this.#d.store.touch(namespace(instanceId));
  }

  put(instanceId: string, path: string, text: string): { created: boolean } {
    const clean = normalise(path);
    const state = this.state(instanceId);
    const created = !own(state.files, clean);
    state.files[clean] = { text, modified: this.#d.now() };
    this.touch(instanceId);
    return { created };
  }

  text(instanceId: string, path: string): string {
    const found = own(this.state(instanceId).files, normalise(path));
    if (!found) throw new AppError(404, 'NOT_FOUND', `No file IMPEX/${normalise(path)}.`);
    return found.text;
  }

  delete(instanceId: string, path: string): void {
    const state = this.state(instanceId);
    const clean = normalise(path);
    if (!own(state.files, clean)) throw new AppError(404, 'NOT_FOUND', `No file IMPEX/${clean}.`);
    delete state.files[clean];
    this.touch(instanceId);
  }

  /** The files directly in `folder`, by path, sorted (the order an import takes them in). */
  list(instanceId: string, folder: string): string[] {
    const prefix = normalise(folder).replace(/\/?$/, '/');
    return Object.keys(this.state(instanceId).files)
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .sort();
  }

  /**
   * Moves a file: the copy is in place before the original goes, and both change in the one namespace, so the
   * file is never in neither place. Throws (leaving everything as it was) when `to` is not a path inside IMPEX.
   */
  move(instanceId: string, from: string, to: string): void {
    const state = this.state(instanceId);
    const source = normalise(from);
    const target = normalise(to);
    const file = own(state.files, source);
    if (!file) throw new AppError(404, 'NOT_FOUND', `No file IMPEX/${source}.`);
    if (source === target) return;
    state.files[target] = { text: file.text, modified: this.#d.now() };
    delete state.files[source];
    this.touch(instanceId);
  }
}

/** The path without leading or doubled slashes; `.` and `..` segments are refused (400). */
export function normalise(path: string): string {
  if (!insideImpex(path)) throw new AppError(400, 'INVALID_PATH', `'${path}' is not a path inside IMPEX.`);
  return tidy(path);
}

/** Whether the path stays inside IMPEX: no `.` or `..` segment. */
export function insideImpex(path: string): boolean {
  return !tidy(path).split('/').some((part) => part === '..' || part === '.');
}

const tidy = (path: string) => path.replace(/^\/+/, '').replace(/\/{2,}/g, '/');
