import type { JournalEntry } from './journal.js';

// Console output for the CLI: one readable line per request or event. Nothing here ever prints a secret:
// request lines come from the journal, which already masks them.

export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

export interface Logger {
  level: LogLevel;
  error(message: string, error?: unknown): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** Whether entry() prints anything at this level: below info it does not, and the journal need not build entries for it. */
  readonly printsEntries: boolean;
  entry(entry: JournalEntry): void;
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const on = (l: LogLevel) => ORDER[l] <= ORDER[level];
  return {
    level,
    printsEntries: on('info'),
    error(message, error) {
      if (!on('error')) return;
      write(`error  ${message}`);
      if (error instanceof Error && error.stack && on('debug')) write(error.stack);
      else if (error !== undefined) write(`       ${error instanceof Error ? error.message : String(error)}`);
    },
    warn: (m) => on('warn') && write(`warn   ${m}`),
    info: (m) => on('info') && write(m),
    debug: (m) => on('debug') && write(`debug  ${m}`),
    entry(e) {
      if (!on('info')) return;
      if (e.kind === 'request') {
        const who = [e.client, e.tenant].filter(Boolean).join(' ');
        const note = e.status >= 400 && e.note ? ` – ${e.note}` : '';
        write(`${e.time} ${e.method.padEnd(6)} ${e.status} ${e.path} ${e.durationMs.toFixed(1)}ms${who ? ` [${who}]` : ''}${note}`);
      } else if (on('debug') || !e.type.startsWith('emulator.')) {
        write(`${e.time} event  ${e.type}${e.tenant ? ` [${e.tenant}]` : ''}`);
      }
    },
  };
}

export const silentLogger = createLogger('silent');
