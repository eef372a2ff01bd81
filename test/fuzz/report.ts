import type { Outcome, WireRequest } from './http.js';
import type { Failure, FuzzResult } from './runner.js';

// The run in words: what was covered, and each failure with the seed and case number that make it again and
// the request that caused it. Failures with one cause (the problem and the emulator's log message, quoted values
// left out) are grouped with the routes they hit; the first is shown in full.

export function report(result: FuzzResult, seed: number): string {
  const lines = [
    `fuzz seed ${seed}: ${result.cases} cases (${result.requests} requests) over ${result.routes} routes in ${(result.ms / 1000).toFixed(1)} s`,
    `  answers ${fmt(result.byStatus)}; families ${fmt(result.byFamily)}; connections closed early ${result.dropped}; restarts ${result.restarts}`,
  ];
  const slow = Object.entries(result.msByRoute).sort((a, b) => b[1] - a[1]).slice(0, 5);
  lines.push(`  time by focus: ${Object.entries(result.msByFocus).sort((a, b) => b[1] - a[1]).map(([f, ms]) => `${f} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  lines.push(`  most time: ${slow.map(([r, ms]) => `${r} ${(ms / 1000).toFixed(1)} s`).join('; ')}`);
  if (result.slow.length > 0) lines.push(`  cases over 1 s: ${result.slow.length}`, ...result.slow.slice(0, 10).map((s) => `    ${s}`));
  if (result.failures.length === 0) return [...lines, '  no failures'].join('\n');
  const groups = new Map<string, Failure[]>();
  for (const f of result.failures) groups.set(causeOf(f), [...(groups.get(causeOf(f)) ?? []), f]);
  lines.push(`  ${result.failures.length} failures, ${groups.size} causes (one case again: npm run fuzz -- --seed ${seed} --case <case>)`);
  for (const [cause, fs] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    const f = fs[0]!;
    const routes = [...new Set(fs.map((x) => x.route))];
    lines.push('', `✗ ${cause} — ${fs.length}× in ${routes.length} route(s), cases ${fs.slice(0, 8).map((x) => x.caseIndex).join(', ')}${fs.length > 8 ? ', …' : ''}`);
    for (const r of routes.slice(0, 12)) lines.push(`    ${r}`);
    if (routes.length > 12) lines.push(`    … and ${routes.length - 12} more`);
    lines.push(`  first: case ${f.caseIndex} (focus ${f.focus})`, indent('request', f.request));
    if (f.answer) lines.push(indent('answer', f.answer));
    if (f.previous?.length) lines.push('  the cases before (a crash may come from one of them):', ...f.previous.map((p) => `    ${p}`));
    if (f.log?.length) lines.push(indent('emulator log', f.log.join('\n')));
  }
  return lines.join('\n');
}

/** The problem and the first message the emulator logged, with quoted values and numbers taken out. */
export function causeOf(f: Failure): string {
  const at = f.log?.findIndex((l) => /^error\s/.test(l)) ?? -1;
  const message = at < 0 ? undefined : f.log!.slice(at + 1).find((l) => l.trim() && !/^\s+at /.test(l))?.trim();
  const general = (s: string) => s.replace(/'[^']*'|"[^"]*"|\d+/g, '…').slice(0, 160);
  return `${f.kind}: ${general(f.problem.replace(/: .*/s, ''))}${message ? ` — ${general(message)}` : ''}`;
}

function indent(title: string, text: string): string {
  return `  ${title}:\n${text.split('\n').map((l) => `    ${l}`).join('\n')}`;
}

function fmt(counts: Record<string, number>): string {
  return Object.entries(counts).sort().map(([k, v]) => `${k} ${v}`).join(', ');
}

const MAX_SHOWN = 600;

/** The request as a reader can replay it: method, path, headers, and the body (cut when long). */
export function describe(req: WireRequest, max = MAX_SHOWN): string {
  const path = req.path.length > max ? `${req.path.slice(0, max)}… (${req.path.length} chars)` : req.path;
  const headers = Object.entries(req.headers).map(([k, v]) => `${k}: ${k === 'authorization' && v.length > 60 ? `${v.slice(0, 40)}…` : v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v}`);
  const body = req.body === undefined ? '' : `\n\n${shown(req.body, max)}`;
  return `${req.method} ${path}${req.chunked ? ' (chunked)' : ''}\n${headers.join('\n')}${body}`;
}

export function describeAnswer(out: Extract<Outcome, { kind: 'answer' }>): string {
  return `${out.status} ${String(out.headers['content-type'] ?? '(no content type)')}\n${shown(out.body)}`;
}

function shown(body: Buffer, max = MAX_SHOWN): string {
  const text = body.subarray(0, max).toString('utf8');
  return body.length > max ? `${text}… (${body.length} bytes)` : text;
}
