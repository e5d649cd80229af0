import type { Command } from 'commander';
import { collect, positiveInt, readJsonFile } from '../args.ts';
import { CliError, EXIT_API_ERROR, type ApiClient, type ApiResponse } from '../client.ts';
import { clientFor, enc, globals, listPages } from '../context.ts';
import { issues, note, out, printJson, summary, table, when, type ErrorItem } from '../format.ts';

/** `wholesale-hub customers …`: provision and manage wholesale customers (partner token). */

const POLL_INTERVAL_MS = 1000;

/** Statuses after which a provisioning or update run has stopped. */
const FINAL_STATUSES = new Set(['provisioned', 'provisioned_with_errors', 'error', 'pending_rpl_review']);

type PackageDetail = {
  name: string; status: string; warnings?: ErrorItem[]; errors?: ErrorItem[]; licenseIds?: string[];
  quantity?: { limit: number | null; assigned: number };
};
type Customer = {
  id: string; orgId?: string; externalId: string; status: string; packages: string[];
  resourceDetails?: { packages: PackageDetail[] }; errors?: ErrorItem[];
  customerInfo?: { name?: string; primaryEmail?: string; language?: string };
  provisioningId?: string; billingStartDate?: string; created: string; lastStatusChange: string;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function customerProblems(c: Customer): string[] {
  const lines = issues('  error ', c.errors);
  for (const p of c.resourceDetails?.packages ?? []) {
    lines.push(...issues(`  ${p.name}: error `, p.errors), ...issues(`  ${p.name}: warning `, p.warnings));
  }
  return lines;
}

function showCustomer(c: Customer): void {
  summary([
    ['ID', c.id],
    ['Org ID', c.orgId ?? '-'],
    ['External ID', c.externalId],
    ['Name', c.customerInfo?.name],
    ['Primary email', c.customerInfo?.primaryEmail],
    ['Status', c.status],
    ['Provisioning ID', c.provisioningId],
    ['Billing start', c.billingStartDate],
    ['Created', when(c.created)],
    ['Last change', when(c.lastStatusChange)],
  ]);
  const pkgs = c.resourceDetails?.packages ?? [];
  if (pkgs.length) {
    out();
    const withLicenses = pkgs.some((p) => p.licenseIds);
    table(
      ['PACKAGE', 'STATUS', 'ASSIGNED', 'LIMIT', ...(withLicenses ? ['LICENSES'] : [])],
      pkgs.map((p) => [
        p.name, p.status, String(p.quantity?.assigned ?? '-'), p.quantity ? String(p.quantity.limit ?? 'unlimited') : '-',
        ...(withLicenses ? [(p.licenseIds ?? []).join(' ') || '-'] : []),
      ]),
      '',
    );
  }
  const problems = customerProblems(c);
  if (problems.length) {
    out();
    for (const line of problems) out(line.trimStart());
  }
}

/** Polls a customer every second until `done` says so; progress goes to stderr. */
async function pollCustomer(
  client: ApiClient, id: string, timeoutS: number, done: (res: ApiResponse<Customer>) => boolean,
): Promise<ApiResponse<Customer>> {
  const deadline = Date.now() + timeoutS * 1000;
  let last = '';
  for (;;) {
    const res = await client.get<Customer>(`/v1/wholesale/customers/${enc(id)}`, { allow: [404] });
    if (done(res)) return res;
    const status = res.status === 404 ? 'gone' : res.body.status;
    if (status !== last) note(`waiting: customer is ${status}…`);
    last = status;
    if (Date.now() >= deadline) {
      throw new CliError(EXIT_API_ERROR, [`wholesale-hub: gave up after ${timeoutS} s; customer ${id} is still ${status}.`]);
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

/** After a create or update: wait for a final status, print it, fail when it is `error`. */
async function waitForFinal(client: ApiClient, id: string, timeoutS: number, json: boolean): Promise<void> {
  const res = await pollCustomer(client, id, timeoutS, (r) => r.status === 200 && FINAL_STATUSES.has(r.body.status));
  if (res.status === 404) throw new CliError(EXIT_API_ERROR, [`wholesale-hub: customer ${id} no longer exists.`]);
  const c = res.body;
  if (json) printJson(c);
  else {
    out(`status: ${c.status}`);
    for (const line of customerProblems(c)) out(line);
  }
  if (c.status === 'pending_rpl_review') note('The customer is held for a restricted-party review by the operator.');
  if (c.status === 'error') throw new CliError(EXIT_API_ERROR, [`wholesale-hub: customer ${id} ended in error.`]);
}

const idOf = (url: string) => decodeURIComponent(url.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? '');

const waitOptions = (cmd: Command, what: string) => cmd
  .option('--wait', `poll every second until ${what}`)
  .option('--timeout <seconds>', 'with --wait: give up (exit 1) after this long', positiveInt(), 600)
  .option('--idempotency-key <key>', 'Idempotency-Key header: a retry with the same key replays the first answer');

const idemHeaders = (key?: string) => (key ? { 'idempotency-key': key } : undefined);

export function customersCommand(program: Command): Command {
  const customers = program.command('customers').description('provision and manage wholesale customers (partner token)');

  customers.command('list').description('list customers, newest first')
    .option('--status <status>', 'only these statuses (repeatable or comma-separated)', collect)
    .option('--external-id <id>', 'only the customer with this external id')
    .option('--org-id <id>', 'only the customer with this organization id')
    .option('--max <n>', 'page size (1-100)', positiveInt(100))
    .option('--all', 'follow Link rel="next" and list every page')
    .action(async (o: { status?: string[]; externalId?: string; orgId?: string; max?: number; all?: boolean }, cmd: Command) => {
      const client = clientFor(cmd, 'partner');
      const query = { status: o.status?.join(','), externalId: o.externalId, orgId: o.orgId, max: o.max?.toString() };
      const { items, first } = await listPages<Customer>(client, '/v1/wholesale/customers', query, Boolean(o.all));
      if (globals(cmd).json) return printJson(o.all ? { items } : first);
      table(
        ['ID', 'EXTERNAL ID', 'STATUS', 'PACKAGES', 'CREATED'],
        items.map((c) => [c.id, c.externalId, c.status, c.packages.join(','), when(c.created)]),
        'No customers.',
      );
    });

  customers.command('get').description('show a customer').argument('<id>', 'customer id')
    .option('--licenses', 'include license ids (includePackageLicenseInfo=true)')
    .action(async (id: string, o: { licenses?: boolean }, cmd: Command) => {
      const res = await clientFor(cmd, 'partner').get<Customer>(`/v1/wholesale/customers/${enc(id)}`, {
        query: o.licenses ? { includePackageLicenseInfo: 'true' } : {},
      });
      if (globals(cmd).json) return printJson(res.body);
      showCustomer(res.body);
    });

  waitOptions(customers.command('create')
    .description('provision a customer (asynchronous); prints its id')
    .requiredOption('--file <path>', 'JSON request body (- for stdin)'), 'the status is final (exit 1 if it is error)')
    .action(async (o: { file: string; wait?: boolean; timeout: number; idempotencyKey?: string }, cmd: Command) => {
      const body = readJsonFile(o.file);
      const client = clientFor(cmd, 'partner');
      const json = Boolean(globals(cmd).json);
      const res = await client.post<{ url: string }>('/v1/wholesale/customers', body, { headers: idemHeaders(o.idempotencyKey) });
      const id = idOf(res.body?.url ?? res.headers.get('location') ?? '');
      if (!o.wait) return json ? printJson(res.body) : out(id);
      if (!json) out(id);
      await waitForFinal(client, id, o.timeout, json);
    });

  waitOptions(customers.command('update')
    .description('update a customer (asynchronous; packages is a full replacement)')
    .argument('<id>', 'customer id')
    .requiredOption('--file <path>', 'JSON request body (- for stdin)'), 'the status is final (exit 1 if it is error)')
    .action(async (id: string, o: { file: string; wait?: boolean; timeout: number; idempotencyKey?: string }, cmd: Command) => {
      const body = readJsonFile(o.file);
      const client = clientFor(cmd, 'partner');
      const json = Boolean(globals(cmd).json);
      const res = await client.put<{ url: string }>(`/v1/wholesale/customers/${enc(id)}`, body, { headers: idemHeaders(o.idempotencyKey) });
      if (!o.wait) return json ? printJson(res.body) : out(`Update of customer ${id} accepted.`);
      await waitForFinal(client, id, o.timeout, json);
    });

  waitOptions(customers.command('delete')
    .description('remove a customer (asynchronous)')
    .argument('<id>', 'customer id'), 'the customer is gone (404)')
    .action(async (id: string, o: { wait?: boolean; timeout: number; idempotencyKey?: string }, cmd: Command) => {
      const client = clientFor(cmd, 'partner');
      const json = Boolean(globals(cmd).json);
      const res = await client.delete(`/v1/wholesale/customers/${enc(id)}`, { headers: idemHeaders(o.idempotencyKey) });
      if (!o.wait) return json ? printJson(res.body) : out(`Removal of customer ${id} accepted.`);
      const end = await pollCustomer(client, id, o.timeout, (r) => r.status === 404 || r.body.status === 'error');
      if (end.status === 404) return json ? printJson(null) : out(`Customer ${id} removed.`);
      if (json) printJson(end.body);
      else for (const line of customerProblems(end.body)) out(line.trimStart());
      throw new CliError(EXIT_API_ERROR, [`wholesale-hub: removal of customer ${id} ended in error.`]);
    });

  customers.command('validate').description('precheck a provisioning request without provisioning anything')
    .requiredOption('--file <path>', 'JSON request body (- for stdin)')
    .action(async (o: { file: string }, cmd: Command) => {
      const body = readJsonFile(o.file);
      const res = await clientFor(cmd, 'partner').post<{ message: string; info?: { infoCode: number; description: string }[] }>(
        '/v1/wholesale/customers/validate', body,
      );
      if (globals(cmd).json) return printJson(res.body);
      out(res.body.message);
      for (const i of res.body.info ?? []) out(`  ${i.infoCode}: ${i.description}`);
    });

  return customers;
}
