// An error's message as a client may read it (an import's validation error, an export's failure): the first line
// only, no file path of this machine. File-system errors carry the path of the file they are about; what the client
// needs is what happened, which their code says.

const PATH = /(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+){2,}[\\/]?/g;

export function safeMessage(error: unknown): string {
  const e = error as (Error & { code?: unknown; syscall?: unknown }) | undefined;
  if (e && typeof e.code === 'string' && typeof e.syscall === 'string') return `${e.code} (${e.syscall})`;
  const message = e instanceof Error ? e.message : String(error);
  return (message.split('\n')[0] ?? '').replace(PATH, '(a file of the emulator)');
}
