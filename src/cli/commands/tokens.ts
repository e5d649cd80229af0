import type { Command } from 'commander';
import { SCOPES } from '../../domain/scopes.ts';
import { scopesArg } from '../args.ts';
import { clientFor, enc, globals } from '../context.ts';
import { out, printJson, shortScopes, summary, table, when } from '../format.ts';

/** `wholesale-hub tokens …`: a partner's API tokens (operator token). */

type Token = { id: string; token?: string; scopes: string[]; name?: string; created?: string };

export function tokensCommand(program: Command): Command {
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
