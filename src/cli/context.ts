import type { Command } from 'commander';
import { ApiClient, CliError, EXIT_API_ERROR, nextLink, type ApiResponse } from './client.ts';

/** What a command needs from the global options: the API client, and the --json switch. */

type Globals = { url: string; token?: string; json?: boolean };
type Kind = 'operator' | 'partner';

export const globals = (cmd: Command): Globals => cmd.optsWithGlobals<Globals>();
const env = (name: string) => process.env[name] || undefined;

/**
 * The client for a command. Token: --token, else for operator commands OPERATOR_TOKEN, else
 * WHOLESALE_HUB_TOKEN.
 */
export function clientFor(cmd: Command, kind: Kind): ApiClient {
  const g = globals(cmd);
  const token = g.token || (kind === 'operator' ? env('OPERATOR_TOKEN') : undefined) || env('WHOLESALE_HUB_TOKEN');
  if (!token) {
    const vars = kind === 'operator' ? 'OPERATOR_TOKEN or WHOLESALE_HUB_TOKEN' : 'WHOLESALE_HUB_TOKEN';
    throw new CliError(EXIT_API_ERROR, [`wholesale-hub: no ${kind} token: pass --token or set ${vars}.`]);
  }
  return new ApiClient({ baseUrl: g.url, token });
}

export const enc = encodeURIComponent;

/** GETs a list, following Link rel="next" when `all` is set; returns the items and the first raw body. */
export async function listPages<T>(client: ApiClient, path: string, query: Record<string, string | undefined>, all: boolean) {
  let res: ApiResponse<{ items: T[] }> = await client.get<{ items: T[] }>(path, { query });
  const first = res.body;
  const items = [...(res.body?.items ?? [])];
  for (let next = nextLink(res.headers.get('link')); all && next; next = nextLink(res.headers.get('link'))) {
    res = await client.get<{ items: T[] }>(client.rebase(next));
    items.push(...(res.body?.items ?? []));
  }
  return { items, first };
}
