import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInt } from '../args.ts';
import { ApiClient, CliError, EXIT_API_ERROR } from '../client.ts';
import { clientFor, globals } from '../context.ts';
import { CsvError, csvLine, parseCsv } from '../csv.ts';
import { out, printJson, summary } from '../format.ts';
import { ProgressBar } from '../progress.ts';
import { importRows, succeeded, type ImportRow, type RowResult } from '../subscriber-import.ts';

/** `wholesale-hub subscribers …` (partner token). */

export const IMPORT_COLUMNS = [
  'customerId', 'externalCustomerId', 'email', 'package', 'firstName', 'lastName', 'primaryPhoneNumber', 'extension', 'locationId',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];
type Cells = Partial<Record<Column, string>>;

const usage = (line: string) => new CliError(EXIT_API_ERROR, [`wholesale-hub: ${line}`]);

type CsvRow = { row: number; cells: Cells; fields: number };

/** The data rows, each with its spreadsheet row number (the header is row 1), and the header's width. */
function readCsv(file: string): { rows: CsvRow[]; width: number } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usage(`cannot read ${file}: ${(err as Error).message}`);
  }
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw usage(`${file} is not valid CSV: ${err.message}`);
    throw err;
  }
  const byLower = new Map<string, Column>(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns = (records[0] ?? []).map((raw) => {
    const c = byLower.get(raw.trim().toLowerCase());
    if (!c) throw usage(`${file}: unknown column "${raw.trim()}"; the columns are ${IMPORT_COLUMNS.join(', ')}.`);
    return c;
  });
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup) throw usage(`${file}: column ${dup} appears twice.`);
  if (!columns.includes('email')) throw usage(`${file}: the header needs an email column.`);
  if (!columns.includes('customerId') && !columns.includes('externalCustomerId')) {
    throw usage(`${file}: the header needs a customerId or externalCustomerId column.`);
  }
  const rows: CsvRow[] = [];
  records.slice(1).forEach((fields, i) => {
    if (fields.every((f) => f.trim() === '')) return;
    const cells: Cells = {};
    columns.forEach((c, j) => {
      const v = fields[j]?.trim();
      if (v) cells[c] = v;
    });
    // Trailing empty fields (a spreadsheet's habit) do not count.
    let n = fields.length;
    while (n > columns.length && fields[n - 1]!.trim() === '') n--;
    rows.push({ row: i + 2, cells, fields: n });
  });
  return { rows, width: columns.length };
}

/** externalCustomerId → customer id, one lookup per distinct value. */
async function customerIds(client: ApiClient, externals: string[]): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>();
  for (const ext of new Set(externals)) {
    const res = await client.get<{ items: { id: string; externalId: string }[] }>('/v1/wholesale/customers', { query: { externalId: ext } });
    found.set(ext, res.body.items.find((c) => c.externalId === ext)?.id);
  }
  return found;
}

function toImportRow({ row, cells, fields }: CsvRow, width: number, ids: Map<string, string | undefined>): ImportRow {
  const email = cells.email ?? '';
  if (fields > width) return { row, email, refused: { status: 400, errors: [{ errorCode: 1003, description: `The row has ${fields} fields; the header has ${width}.` }] } };
  let customerId = cells.customerId;
  if (!customerId && cells.externalCustomerId) {
    customerId = ids.get(cells.externalCustomerId);
    if (!customerId) {
      return { row, email, refused: { status: 404, errors: [{ errorCode: 4004, description: `No customer with externalId "${cells.externalCustomerId}".` }] } };
    }
  }
  if (!customerId) return { row, email, refused: { status: 400, errors: [{ errorCode: 1001, description: 'customerId or externalCustomerId is required.' }] } };
  const params: Record<string, string> = {};
  for (const k of ['firstName', 'lastName', 'primaryPhoneNumber', 'extension', 'locationId'] as const) if (cells[k]) params[k] = cells[k];
  // A missing email or package is sent as such: the server answers it as POST would.
  const item: Record<string, unknown> = { customerId, provisioningParameters: params };
  if (cells.email) item.email = cells.email;
  if (cells.package) item.packages = [cells.package];
  return { row, email, item };
}

function writeReport(path: string, results: RowResult[]): number {
  let lines = csvLine(['row', 'email', 'errorCode', 'description']);
  let n = 0;
  for (const r of results) {
    if (succeeded(r.status)) continue;
    n++;
    for (const e of r.errors.length ? r.errors : [{ errorCode: 0, description: `HTTP ${r.status}` }]) lines += csvLine([r.row, r.email, e.errorCode, e.description]);
  }
  try {
    writeFileSync(path, lines);
  } catch (err) {
    throw usage(`cannot write the report ${path}: ${(err as Error).message}`);
  }
  return n;
}

type ImportOpts = { allOrNothing?: boolean; dryRun?: boolean; chunkSize: number; report?: string };

async function runImport(file: string, o: ImportOpts, cmd: Command): Promise<void> {
  const base = clientFor(cmd, 'partner');
  // A chunk of 1,000 on a busy embedded database takes seconds: a generous timeout.
  const client = new ApiClient({ baseUrl: base.baseUrl.toString(), token: base.token, timeoutMs: 300_000 });
  const { rows, width } = readCsv(file);
  const externals = rows.filter((r) => !r.cells.customerId && r.cells.externalCustomerId).map((r) => r.cells.externalCustomerId!);
  const ids = await customerIds(client, externals);
  const items = rows.map((r) => toImportRow(r, width, ids));

  const bar = new ProgressBar(items.length, 'rows');
  const outcome = await importRows(client, items, {
    mode: o.allOrNothing ? 'all_or_nothing' : 'best_effort',
    dryRun: Boolean(o.dryRun),
    chunkSize: o.chunkSize,
    onProgress: (done, failed) => bar.update(done, failed),
  });
  bar.finish();

  const report = o.report ?? `${file}.errors.csv`;
  const failedRows = writeReport(report, outcome.results);
  const count = (f: (r: RowResult) => boolean) => outcome.results.filter(f).length;
  const totals = {
    rows: outcome.results.length,
    provisioned: count((r) => r.status === 200),
    pending: count((r) => r.status === 202),
    failed: count((r) => !succeeded(r.status) && r.status !== 424 && r.status !== 0),
    notApplied: count((r) => r.status === 424 || r.status === 0),
    requests: outcome.requests,
  };
  if (globals(cmd).json) printJson({ dryRun: Boolean(o.dryRun), ...totals, report });
  else {
    if (o.dryRun) out('Dry run: nothing was written; the counts say what would happen.');
    summary([
      ['Rows', totals.rows],
      [o.dryRun ? 'Would provision' : 'Provisioned', totals.provisioned],
      ['Pending consent', totals.pending || undefined],
      ['Failed', totals.failed],
      ['Not applied', totals.notApplied || undefined],
      ['Requests', totals.requests],
      ['Report', failedRows ? `${report} (${failedRows} rows)` : `${report} (no errors)`],
    ]);
  }
  if (outcome.stopped) throw outcome.stopped;
  if (failedRows) process.exitCode = EXIT_API_ERROR;
}

export function subscribersCommand(program: Command): Command {
  const subscribers = program.command('subscribers').description('provision wholesale subscribers (partner token)');
  subscribers.command('import')
    .description('provision the subscribers of a CSV file through POST /v1/wholesale/subscribers/bulk')
    .argument('<file>', 'CSV file with a header row')
    .option('--all-or-nothing', 'each request is written only if all its rows pass; stops after a request that failed')
    .option('--dry-run', 'check every row, write nothing')
    .option('--chunk-size <n>', 'rows per request (1-1000)', positiveInt(1000), 1000)
    .option('--report <file>', 'per-row error report, CSV (default: <file>.errors.csv)')
    .addHelpText('after', `
Columns (header row, any order and letter case): ${IMPORT_COLUMNS.join(', ')}.
email, package and customerId (or externalCustomerId) are needed on every row; the others as for
POST /v1/wholesale/subscribers. The report lists each failed row (spreadsheet row number: the
header is row 1) with its email, error code and description. Exit 1 when any row failed.`)
    .action((file: string, o: ImportOpts, cmd: Command) => runImport(file, o, cmd));
  return subscribers;
}
