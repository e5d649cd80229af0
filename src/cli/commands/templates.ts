import { Option, type Command } from 'commander';
import { positiveInt, readJsonFile } from '../args.ts';
import { clientFor, enc, globals, listPages } from '../context.ts';
import { issues, out, printJson, summary, table, when, yesNo, type ErrorItem } from '../format.ts';

/** `wholesale-hub templates …`: onboarding templates (partner token). */

type Template = {
  id: string; provisioningId: string; name: string; serviceProviderAdminEmail: string; country: string;
  defaultEmailLanguage: string; wholesaleSubscriptionId: string; pstnProvider?: string;
  authentication: { method: string; idpEntityId?: string };
  emailSettings: { brandName?: string; allowAdminInviteEmailsOnAttach: boolean };
  callingSettings: { allowWebexToWebexCalls: boolean };
  warnings?: ErrorItem[]; customerCount: number; created: string; updated: string;
};

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

export function templatesCommand(program: Command): Command {
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
