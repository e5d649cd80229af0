import { SCOPES } from '../domain/scopes.ts';

/** Everything the commands print: stdout for results, stderr for progress and errors. */

export type ErrorItem = { errorCode: number; description: string };

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
export function printJson(value: unknown): void {
  out(JSON.stringify(value ?? null, null, 2));
}

/** Compact, aligned columns; the last column is not padded. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function table(headers: string[], rows: string[][], empty: string): void {
  out(rows.length ? formatTable(headers, rows) : empty);
}

/** "Label:  value" lines, labels aligned; undefined values are left out. */
export function summary(pairs: [string, string | number | boolean | null | undefined][]): void {
  const shown = pairs.filter(([, v]) => v !== undefined);
  const width = Math.max(...shown.map(([k]) => k.length)) + 1;
  for (const [k, v] of shown) out(`${`${k}:`.padEnd(width)}  ${v === null ? '-' : String(v)}`);
}

export const when = (iso: string | undefined) => (iso ? iso.replace(/\.\d+Z$/, 'Z') : '-');
export const yesNo = (b: boolean | undefined) => (b ? 'yes' : 'no');
export const issues = (prefix: string, items: ErrorItem[] | undefined) =>
  (items ?? []).map((e) => `${prefix}${e.errorCode}: ${e.description}`);

export function shortScopes(scopes: string[]): string {
  if (SCOPES.every((s) => scopes.includes(s))) return 'all';
  return scopes.map((s) => s.replace(/^spark-admin:wholesale_/, '')).join(',');
}
