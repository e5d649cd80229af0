import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SCOPES } from '../domain/scopes.ts';
import { ApiClient, CliError, EXIT_API_ERROR, nextLink, type ApiResponse } from './client.ts';

/**
 * `wholesale-hub`: a thin command-line client of the Wholesale Hub HTTP API. Everything goes
 * through the API (no database access), so it works against any running server.
 */

const DEFAULT_URL = 'http://127.0.0.1:8080';
const POLL_INTERVAL_MS = 1000;


/** Statuses after which a provisioning or update run has stopped. */
const FINAL_STATUSES = new Set(['provisioned', 'provisioned_with_errors', 'error', 'pending_rpl_review']);

type Globals = { url: string; token?: string; json?: boolean };
type Kind = 'operator' | 'partner';
type ErrorItem = { errorCode: number; description: string };

type Partner = {
  id: string; orgId: string; name: string; adminEmail: string; created: string;
  settings: { enable_wholesale_delayed_billing: boolean; package_quantity_max: number | null };
};
type Token = { id: string; token?: string; scopes: string[]; name?: string; created?: string };
type Template = {
  id: string; provisioningId: string; name: string; serviceProviderAdminEmail: string; country: string;
  defaultEmailLanguage: string; wholesaleSubscriptionId: string; pstnProvider?: string;
  authentication: { method: string; idpEntityId?: string };
  emailSettings: { brandName?: string; allowAdminInviteEmailsOnAttach: boolean };
  callingSettings: { allowWebexToWebexCalls: boolean };
  warnings?: ErrorItem[]; customerCount: number; created: string; updated: string;
};
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

// ---------------------------------------------------------------------------------------------
// Output

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}
function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
function printJson(value: unknown): void {
  out(JSON.stringify(value ?? null, null, 2));
}

/** Compact, aligned columns; the last column is not padded. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

function table(headers: string[], rows: string[][], empty: string): void {
  out(rows.length ? formatTable(headers, rows) : empty);
}

/** "Label:  value" lines, labels aligned; undefined values are left out. */
function summary(pairs: [string, string | number | boolean | null | undefined][]): void {
  const shown = pairs.filter(([, v]) => v !== undefined);
  const width = Math.max(...shown.map(([k]) => k.length)) + 1;
  for (const [k, v] of shown) out(`${`${k}:`.padEnd(width)}  ${v === null ? '-' : String(v)}`);
}

const when = (iso: string | undefined) => (iso ? iso.replace(/\.\d+Z$/, 'Z') : '-');
const yesNo = (b: boolean | undefined) => (b ? 'yes' : 'no');
const issues = (prefix: string, items: ErrorItem[] | undefined) =>
  (items ?? []).map((e) => `${prefix}${e.errorCode}: ${e.description}`);

function shortScopes(scopes: string[]): string {
  if (SCOPES.every((s) => scopes.includes(s))) return 'all';
  return scopes.map((s) => s.replace(/^spark-admin:wholesale_/, '')).join(',');
}

// ---------------------------------------------------------------------------------------------
// Arguments

function positiveInt(max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
      throw new InvalidArgumentError(`expected an integer from 1 to ${max === Number.MAX_SAFE_INTEGER ? '…' : max}.`);
    }
    return Number(v);
  };
}

function booleanArg(v: string): boolean {
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new InvalidArgumentError('expected true or false.');
}

/** A positive integer, or 'none' (commander would turn a null result into ''). */
function quantityMaxArg(v: string): number | 'none' {
  if (/^(none|null|unlimited)$/i.test(v)) return 'none';
  return positiveInt()(v);
}

/** Accepts full scope names, short ones (customers_read) or `all`. */
function scopesArg(v: string): string[] {
  const out: string[] = [];
  for (const raw of v.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (raw === 'all') {
      out.push(...SCOPES);
      continue;
    }
    const full = raw.includes(':') ? raw : `spark-admin:${raw.startsWith('wholesale_') ? raw : `wholesale_${raw}`}`;
    if (!(SCOPES as readonly string[]).includes(full)) {
      throw new InvalidArgumentError(`unknown scope ${raw}; use all or some of: ${SCOPES.map((s) => s.replace(/^spark-admin:wholesale_/, '')).join(', ')}.`);
    }
    out.push(full);
  }
  if (!out.length) throw new InvalidArgumentError('give at least one scope.');
  return [...new Set(out)];
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** A JSON request body from a file, or from stdin with `-`. */
function readJsonFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new CliError(EXIT_API_ERROR, [`wholesale-hub: cannot read ${file}: ${(err as Error).message}`]);
  }
  const source = file === '-' ? 'stdin' : file;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new CliError(EXIT_API_ERROR, [`wholesale-hub: ${source} is not valid JSON: ${(err as Error).message}`]);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new CliError(EXIT_API_ERROR, [`wholesale-hub: ${source} must hold a JSON object.`]);
  }
  return body as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Context

const globals = (cmd: Command): Globals => cmd.optsWithGlobals<Globals>();
const env = (name: string) => process.env[name] || undefined;

/**
 * The client for a command. Token: --token, else for operator commands OPERATOR_TOKEN, else
 * WHOLESALE_HUB_TOKEN.
 */
function clientFor(cmd: Command, kind: Kind): ApiClient {
  const g = globals(cmd);
  const token = g.token || (kind === 'operator' ? env('OPERATOR_TOKEN') : undefined) || env('WHOLESALE_HUB_TOKEN');
  if (!token) {
    const vars = kind === 'operator' ? 'OPERATOR_TOKEN or WHOLESALE_HUB_TOKEN' : 'WHOLESALE_HUB_TOKEN';
    throw new CliError(EXIT_API_ERROR, [`wholesale-hub: no ${kind} token: pass --token or set ${vars}.`]);
  }
  return new ApiClient({ baseUrl: g.url, token });
}

const enc = encodeURIComponent;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GETs a list, following Link rel="next" when `all` is set; returns the items and the first raw body. */
async function listPages<T>(client: ApiClient, path: string, query: Record<string, string | undefined>, all: boolean) {
  let res: ApiResponse<{ items: T[] }> = await client.get<{ items: T[] }>(path, { query });
  const first = res.body;
  const items = [...(res.body?.items ?? [])];
  for (let next = nextLink(res.headers.get('link')); all && next; next = nextLink(res.headers.get('link'))) {
    res = await client.get<{ items: T[] }>(client.rebase(next));
    items.push(...(res.body?.items ?? []));
  }
  return { items, first };
}

// ---------------------------------------------------------------------------------------------
// Partners and tokens (operator)

function showPartner(p: Partner): void {
  summary([
    ['ID', p.id],
    ['Org ID', p.orgId],
    ['Name', p.name],
    ['Admin email', p.adminEmail],
    ['Delayed billing', yesNo(p.settings?.enable_wholesale_delayed_billing)],
    ['Quantity max', p.settings?.package_quantity_max ?? 'unlimited'],
    ['Created', when(p.created)],
  ]);
}

function partnersCommand(program: Command): Command {
  const partners = program.command('partners').description('manage partners (operator token)');

  partners.command('list').description('list partners').action(async (_o, cmd: Command) => {
    const res = await clientFor(cmd, 'operator').get<{ items: Partner[] }>('/v1/operator/partners');
    if (globals(cmd).json) return printJson(res.body);
    table(
      ['ID', 'NAME', 'ADMIN EMAIL', 'DELAYED BILLING', 'QTY MAX', 'CREATED'],
      res.body.items.map((p) => [p.id, p.name, p.adminEmail, yesNo(p.settings?.enable_wholesale_delayed_billing), String(p.settings?.package_quantity_max ?? '-'), when(p.created)]),
      'No partners.',
    );
  });

  partners.command('create').description('create a partner')
    .requiredOption('--name <name>', 'partner name')
    .requiredOption('--admin-email <email>', 'partner administrator email')
    .option('--delayed-billing', 'enable wholesale delayed billing (billingStartDate)')
    .option('--quantity-max <n>', 'largest package quantity the partner may set', positiveInt())
    .action(async (o: { name: string; adminEmail: string; delayedBilling?: boolean; quantityMax?: number }, cmd: Command) => {
      const settings: Record<string, unknown> = {};
      if (o.delayedBilling) settings.enable_wholesale_delayed_billing = true;
      if (o.quantityMax !== undefined) settings.package_quantity_max = o.quantityMax;
      const body = { name: o.name, adminEmail: o.adminEmail, ...(Object.keys(settings).length ? { settings } : {}) };
      const res = await clientFor(cmd, 'operator').post<Partner>('/v1/operator/partners', body);
      if (globals(cmd).json) return printJson(res.body);
      out('Partner created.');
      showPartner(res.body);
      out();
      out(`Next: wholesale-hub tokens create ${res.body.id} --scopes all`);
    });

  partners.command('get').description('show a partner').argument('<id>', 'partner id')
    .action(async (id: string, _o, cmd: Command) => {
      const res = await clientFor(cmd, 'operator').get<Partner>(`/v1/operator/partners/${enc(id)}`);
      if (globals(cmd).json) return printJson(res.body);
      showPartner(res.body);
    });

  partners.command('update').description('change a partner and its settings (only the options given)').argument('<id>', 'partner id')
    .option('--name <name>', 'new name')
    .option('--admin-email <email>', 'new administrator email')
    .option('--delayed-billing <bool>', 'enable or disable delayed billing: true|false', booleanArg)
    .option('--quantity-max <n>', 'largest package quantity, or "none" to remove the limit', quantityMaxArg)
    .action(async (id: string, o: { name?: string; adminEmail?: string; delayedBilling?: boolean; quantityMax?: number | 'none' }, cmd: Command) => {
      const settings: Record<string, unknown> = {};
      if (o.delayedBilling !== undefined) settings.enable_wholesale_delayed_billing = o.delayedBilling;
      if (o.quantityMax !== undefined) settings.package_quantity_max = o.quantityMax === 'none' ? null : o.quantityMax;
      const body: Record<string, unknown> = {};
      if (o.name !== undefined) body.name = o.name;
      if (o.adminEmail !== undefined) body.adminEmail = o.adminEmail;
      if (Object.keys(settings).length) body.settings = settings;
      if (!Object.keys(body).length) {
        cmd.error('error: nothing to update: give --name, --admin-email, --delayed-billing or --quantity-max');
      }
      const res = await clientFor(cmd, 'operator').patch<Partner>(`/v1/operator/partners/${enc(id)}`, body);
      if (globals(cmd).json) return printJson(res.body);
      out('Partner updated.');
      showPartner(res.body);
    });

  return partners;
}

function tokensCommand(program: Command): Command {
  const tokens = program.command('tokens').description("manage a partner's API tokens (operator token)");

  tokens.command('create').description('create a partner API token; the secret is shown only once')
    .argument('<partnerId>', 'partner id')
    .requiredOption('--scopes <scopes>', `comma-separated scopes, or "all" (short names accepted: ${SCOPES.map((s) => s.replace(/^spark-admin:wholesale_/, '')).join(', ')})`, scopesArg)
    .option('--name <name>', 'a label for the token')
    .action(async (partnerId: string, o: { scopes: string[]; name?: string }, cmd: Command) => {
      const res = await clientFor(cmd, 'operator').post<Token>(`/v1/operator/partners/${enc(partnerId)}/tokens`, {
        scopes: o.scopes, ...(o.name ? { name: o.name } : {}),
      });
      if (globals(cmd).json) return printJson(res.body);
      const t = res.body;
      summary([['Token ID', t.id], ['Name', t.name], ['Scopes', shortScopes(t.scopes)]]);
      out();
      out('Token (shown only this once; store it now):');
      out();
      out(`    ${t.token}`);
      out();
      out('Use it with: export WHOLESALE_HUB_TOKEN=<token>');
    });

  tokens.command('list').description("list a partner's active tokens (without secrets)").argument('<partnerId>', 'partner id')
    .action(async (partnerId: string, _o, cmd: Command) => {
      const res = await clientFor(cmd, 'operator').get<{ items: Token[] }>(`/v1/operator/partners/${enc(partnerId)}/tokens`);
      if (globals(cmd).json) return printJson(res.body);
      table(['ID', 'NAME', 'SCOPES', 'CREATED'], res.body.items.map((t) => [t.id, t.name ?? '-', shortScopes(t.scopes), when(t.created)]), 'No active tokens.');
    });

  tokens.command('revoke').description('revoke a token').argument('<partnerId>', 'partner id').argument('<tokenId>', 'token id')
    .action(async (partnerId: string, tokenId: string, _o, cmd: Command) => {
      const res = await clientFor(cmd, 'operator').delete(`/v1/operator/partners/${enc(partnerId)}/tokens/${enc(tokenId)}`);
      if (globals(cmd).json) return printJson(res.body);
      out(`Token ${tokenId} revoked.`);
    });

  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Templates (partner)

function showTemplate(t: Template): void {
  summary([
    ['ID', t.id],
    ['Provisioning ID', t.provisioningId],
    ['Name', t.name],
    ['Admin email', t.serviceProviderAdminEmail],
    ['Country', t.country],
    ['Email language', t.defaultEmailLanguage],
    ['Subscription', t.wholesaleSubscriptionId],
    ['PSTN provider', t.pstnProvider ?? '-'],
    ['Authentication', t.authentication.method + (t.authentication.idpEntityId ? ` (${t.authentication.idpEntityId})` : '')],
    ['Brand name', t.emailSettings.brandName ?? '-'],
    ['Admin invite emails', yesNo(t.emailSettings.allowAdminInviteEmailsOnAttach)],
    ['Webex-to-Webex calls', yesNo(t.callingSettings.allowWebexToWebexCalls)],
    ['Customers', t.customerCount],
    ['Created', when(t.created)],
    ['Updated', when(t.updated)],
  ]);
  for (const line of issues('warning ', t.warnings)) out(line);
}

type TemplateFlags = {
  file?: string; name?: string; adminEmail?: string; country?: string; language?: string; subscription?: string;
  pstnProvider?: string; auth?: string; idpEntityId?: string; brandName?: string;
  allowAdminInviteEmails?: boolean; allowWebexToWebexCalls?: boolean;
};

/** The template body: the --file contents (if any) with the flags given on top. */
function templateBody(o: TemplateFlags, cmd: Command): Record<string, unknown> {
  const body = o.file ? readJsonFile(o.file) : {};
  if (!o.file) {
    const missing = (
      [['name', '--name'], ['adminEmail', '--admin-email'], ['country', '--country'], ['language', '--language'], ['subscription', '--subscription']] as const
    ).filter(([k]) => o[k] === undefined).map(([, flag]) => flag);
    if (missing.length) cmd.error(`error: missing ${missing.join(', ')} (or give the whole body with --file body.json)`);
  }
  const obj = (k: string) => (body[k] && typeof body[k] === 'object' ? { ...(body[k] as object) } : {}) as Record<string, unknown>;
  if (o.name !== undefined) body.name = o.name;
  if (o.adminEmail !== undefined) body.serviceProviderAdminEmail = o.adminEmail;
  if (o.country !== undefined) body.country = o.country;
  if (o.language !== undefined) body.defaultEmailLanguage = o.language;
  if (o.subscription !== undefined) body.wholesaleSubscriptionId = o.subscription;
  if (o.pstnProvider !== undefined) body.pstnProvider = o.pstnProvider;
  if (o.auth !== undefined || o.idpEntityId !== undefined) {
    const auth = obj('authentication');
    if (o.auth !== undefined) auth.method = o.auth;
    if (o.idpEntityId !== undefined) auth.idpEntityId = o.idpEntityId;
    body.authentication = auth;
  }
  if (o.brandName !== undefined || o.allowAdminInviteEmails) {
    const email = obj('emailSettings');
    if (o.brandName !== undefined) email.brandName = o.brandName;
    if (o.allowAdminInviteEmails) email.allowAdminInviteEmailsOnAttach = true;
    body.emailSettings = email;
  }
  if (o.allowWebexToWebexCalls) body.callingSettings = { ...obj('callingSettings'), allowWebexToWebexCalls: true };
  return body;
}

function templatesCommand(program: Command): Command {
  const templates = program.command('templates').description('manage onboarding templates (partner token)');

  templates.command('list').description('list onboarding templates')
    .option('--max <n>', 'page size (1-100)', positiveInt(100))
    .option('--all', 'follow Link rel="next" and list every page')
    .action(async (o: { max?: number; all?: boolean }, cmd: Command) => {
      const client = clientFor(cmd, 'partner');
      const { items, first } = await listPages<Template>(client, '/v1/wholesale/templates', { max: o.max?.toString() }, Boolean(o.all));
      if (globals(cmd).json) return printJson(o.all ? { items } : first);
      table(
        ['ID', 'NAME', 'PROVISIONING ID', 'COUNTRY', 'AUTH', 'CUSTOMERS', 'CREATED'],
        items.map((t) => [t.id, t.name, t.provisioningId, t.country, t.authentication.method, String(t.customerCount), when(t.created)]),
        'No templates.',
      );
    });

  templates.command('get').description('show an onboarding template').argument('<id>', 'template id')
    .action(async (id: string, _o, cmd: Command) => {
      const res = await clientFor(cmd, 'partner').get<Template>(`/v1/wholesale/templates/${enc(id)}`);
      if (globals(cmd).json) return printJson(res.body);
      showTemplate(res.body);
    });

  templates.command('create')
    .description('create an onboarding template from options, or from --file (options given override the file)')
    .option('--file <path>', 'JSON request body (- for stdin)')
    .option('--name <name>', 'template name, unique per partner')
    .option('--admin-email <email>', 'service provider administrator email (serviceProviderAdminEmail)')
    .option('--country <code>', 'ISO 3166-1 alpha-2 country, e.g. US')
    .option('--language <locale>', 'default email language, e.g. en_US (defaultEmailLanguage)')
    .option('--subscription <id>', 'wholesale subscription id (wholesaleSubscriptionId)')
    .option('--pstn-provider <name>', 'cloud-connected PSTN provider (not recommended)')
    .addOption(new Option('--auth <method>', 'customer authentication').choices(['webex', 'partner_saml', 'partner_oidc']))
    .option('--idp-entity-id <id>', 'SAML EntityID or OIDC IdP name (required with partner_saml/partner_oidc)')
    .option('--brand-name <name>', 'brand name in onboarding emails')
    .option('--allow-admin-invite-emails', 'send admin invite emails when attaching to existing organizations')
    .option('--allow-webex-to-webex-calls', 'allow Webex-to-Webex (non-PSTN) calls')
    .addHelpText('after', '\nWithout --file, --name, --admin-email, --country, --language and --subscription are required.')
    .action(async (o: TemplateFlags, cmd: Command) => {
      const body = templateBody(o, cmd);
      const res = await clientFor(cmd, 'partner').post<Template>('/v1/wholesale/templates', body);
      if (globals(cmd).json) return printJson(res.body);
      out('Template created; provision customers with its Provisioning ID.');
      showTemplate(res.body);
    });

  templates.command('delete').description('delete an onboarding template (refused while customers use it)').argument('<id>', 'template id')
    .action(async (id: string, _o, cmd: Command) => {
      const res = await clientFor(cmd, 'partner').delete(`/v1/wholesale/templates/${enc(id)}`);
      if (globals(cmd).json) return printJson(res.body);
      out(`Template ${id} deleted.`);
    });

  return templates;
}

// ---------------------------------------------------------------------------------------------
// Customers (partner)

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

function customersCommand(program: Command): Command {
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

// ---------------------------------------------------------------------------------------------
// Program

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export function buildProgram(): Command {
  const program = new Command('wholesale-hub')
    .description('Command-line client of the Wholesale Hub API (Webex for Wholesale-compatible provisioning).')
    .version(version())
    .addOption(new Option('--url <url>', 'API base URL').env('WHOLESALE_HUB_URL').default(DEFAULT_URL))
    .option('--token <token>', 'bearer token (default: $WHOLESALE_HUB_TOKEN; operator commands also $OPERATOR_TOKEN)')
    .option('--json', 'print the raw JSON response instead of a table or summary')
    .showHelpAfterError('(add --help for additional information)')
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .addHelpText('after', `
Operator commands (partners, tokens) take the operator token: --token, else $OPERATOR_TOKEN,
else $WHOLESALE_HUB_TOKEN. Partner commands (templates, customers) take a partner token:
--token, else $WHOLESALE_HUB_TOKEN.

Exit codes: 0 success; 1 the API refused the request (its message, error codes and trackingId
go to stderr), a usage error, or a customer ended in error with --wait; 2 the server could not
be reached.

Examples:
  export WHOLESALE_HUB_URL=http://127.0.0.1:8080 OPERATOR_TOKEN=...
  wholesale-hub partners create --name "Acme Telecom" --admin-email admin@acme.example
  wholesale-hub tokens create <partnerId> --scopes all --name automation
  export WHOLESALE_HUB_TOKEN=whp_...
  wholesale-hub templates create --name Default --admin-email sp@acme.example \\
      --country US --language en_US --subscription Sub123
  wholesale-hub customers create --file customer.json --wait
  wholesale-hub customers list --status error --all
  wholesale-hub --json customers get <customerId> --licenses`);

  partnersCommand(program);
  tokensCommand(program);
  templatesCommand(program);
  customersCommand(program);
  return program;
}

export async function run(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CliError) {
      for (const line of err.lines) note(line);
      process.exitCode = err.exitCode;
      return;
    }
    note(`wholesale-hub: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}

await run();
