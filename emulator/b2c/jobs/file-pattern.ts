import { RE2JS, RE2JSException } from 're2js';

// A job step's FileNamePattern, the regular expression that picks the IMPEX files to import. It comes from users,
// so it runs on re2js (RE2's linear-time engine): no pattern can make matching a file name take more than time
// in proportion to the pattern and the name, and one job can no longer block the whole emulator. RE2 has no
// backreferences, lookaround or possessive quantifiers, which B2C's Java engine has: such a pattern is refused
// with the reason, when the job is saved on the Jobs page and again when a run is asked to use it.

export const MAX_PATTERN_LENGTH = 1000;

export class FileNamePatternError extends Error {}

export interface FileNamePattern {
  source: string;
  /** Whether the pattern matches anywhere in the name, as `RegExp.test` does. */
  test(name: string): boolean;
}

const MATCH_ALL: FileNamePattern = { source: '.*', test: () => true };

/** The compiled pattern (all files when none is given), or a FileNamePatternError saying why it is refused. */
export function fileNamePattern(source: string | undefined): FileNamePattern {
  if (source === undefined) return MATCH_ALL;
  if (source.length > MAX_PATTERN_LENGTH) throw refused(source, `it is longer than ${MAX_PATTERN_LENGTH} characters`);
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    if (error instanceof RE2JSException) throw refused(source, reason(source, error));
    throw error;
  }
  return { source, test: (name) => compiled.test(name) };
}

function refused(source: string, why: string): FileNamePatternError {
  const shown = source.length > 80 ? `${source.slice(0, 80)}…` : source;
  return new FileNamePatternError(`FileNamePattern '${shown}' is refused: ${why}. File name patterns use RE2 syntax, which matches in linear time.`);
}

/** What RE2 lacks, in the words of the Java syntax users write; otherwise RE2's own description. */
function reason(source: string, error: RE2JSException): string {
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences (\\1, \\k<name>) are not supported';
  if (/\(\?<?[=!]/.test(source)) return 'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported';
  if (/[*+?}][+]/.test(source) && /nested repetition/.test(error.message)) return 'possessive quantifiers (a++, a*+) are not supported';
  const description = 'getDescription' in error && typeof error.getDescription === 'function' ? String(error.getDescription()) : error.message;
  return `it is not a valid regular expression (${description})`;
}
