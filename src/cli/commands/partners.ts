import type { Command } from 'commander';
import { booleanArg, positiveInt, quantityMaxArg } from '../args.ts';
import { clientFor, enc, globals } from '../context.ts';
import { out, printJson, summary, table, when, yesNo } from '../format.ts';

/** `wholesale-hub partners …`: the operator's partner accounts (operator token). */

type Partner = {
  id: string; orgId: string; name: string; adminEmail: string; created: string;
  settings: { enable_wholesale_delayed_billing: boolean; package_quantity_max: number | null };
};

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

export function partnersCommand(program: Command): Command {
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
