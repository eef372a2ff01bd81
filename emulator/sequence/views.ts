import type { SequenceReport, StepReport } from './report.js';
import { STEPS } from './steps.js';

// The report as people read it: a table per integration (the CLI's check-sequence and `?format=text` print it),
// and the catalogue as GET /__emulator/sequence/steps shows it.

const VERDICT_WORDS = { followed: 'followed', incomplete: 'incomplete (steps not done yet)', 'not-followed': 'NOT FOLLOWED (steps out of order)' } as const;

export function sequenceText(report: SequenceReport): string {
  const lines: string[] = [`Documented sequence at ${report.at} (${report.enforcement} mode${report.through ? `, through ${report.through}` : ''}): ${VERDICT_WORDS[report.verdict]}`];
  if (report.integrations.length === 0) lines.push('', 'No B2C instance exists: there is no integration to check.');
  for (const integration of report.integrations) {
    lines.push('', `Integration ${integration.instanceId} ⇄ tenant group ${integration.tenantGroupId ?? '(none yet)'}: ${VERDICT_WORDS[integration.verdict]}`);
    const rows = integration.steps.map((s, i) => [String(i + 1), s.step, statusWord(s), s.at ?? '', s.byFixture ? 'fixture' : (s.by ?? ''), s.requestId ?? '']);
    lines.push(...table(['#', 'step', 'status', 'when', 'by', 'request'], rows).map((l) => `  ${l}`));
    for (const s of integration.steps) lines.push(...notes(s).map((n) => `  - ${s.step}: ${n}`));
    if (integration.next) lines.push(`  next: ${integration.next}`);
  }
  if (report.expected) {
    lines.push('', report.expected.missing.length === 0 ? `Expected steps done: ${report.expected.steps.join(', ')}` : `Expected steps NOT done: ${report.expected.missing.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function stepCatalogue() {
  return { steps: STEPS.map((s) => ({ name: s.name, phase: s.phase, title: s.title, where: s.where, scope: s.scope, after: [...s.after] })) };
}

function statusWord(s: StepReport): string {
  if (s.status === 'done') return s.outOfOrder ? 'OUT OF ORDER' : 'done';
  return s.status === 'undone' ? 'undone' : 'not done';
}

function notes(s: StepReport): string[] {
  const out: string[] = [];
  if (s.outOfOrder) out.push(`done before ${s.outOfOrder.missing.join(', ')} (${s.outOfOrder.enforcement} mode let it through)`);
  if (s.undone) out.push(`taken back at ${s.undone.at} by ${s.undone.by}`);
  if (s.refused) out.push(`refused ${s.refused.count}× (last at ${s.refused.at}): needed ${s.refused.missing.join(', ')}`);
  for (const r of s.against) out.push(`against a recommendation [${r.code}]: ${r.message}`);
  return out;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
