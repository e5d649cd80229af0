import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { CliError } from './client.ts';
import { customersCommand } from './commands/customers.ts';
import { partnersCommand } from './commands/partners.ts';
import { templatesCommand } from './commands/templates.ts';
import { subscribersCommand } from './commands/subscribers.ts';
import { tokensCommand } from './commands/tokens.ts';
import { note } from './format.ts';

export { formatTable } from './format.ts';

/**
 * `wholesale-hub`: a thin command-line client of the Wholesale Hub HTTP API. Everything goes
 * through the API (no database access), so it works against any running server.
 *
 * This file wires the program (global options, help, exit codes); each command group lives in
 * commands/<group>.ts, the printing helpers in format.ts, option parsers in args.ts.
 */

const DEFAULT_URL = 'http://127.0.0.1:8080';

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
else $WHOLESALE_HUB_TOKEN. Partner commands (templates, customers, subscribers) take a partner token:
--token, else $WHOLESALE_HUB_TOKEN.

Exit codes: 0 success; 1 the API refused the request (its message, error codes and trackingId
go to stderr), a usage error, a customer ended in error with --wait, or a row of subscribers
import failed; 2 the server could not be reached.

Examples:
  export WHOLESALE_HUB_URL=http://127.0.0.1:8080 OPERATOR_TOKEN=...
  wholesale-hub partners create --name "Acme Telecom" --admin-email admin@acme.example
  wholesale-hub tokens create <partnerId> --scopes all --name automation
  export WHOLESALE_HUB_TOKEN=whp_...
  wholesale-hub templates create --name Default --admin-email sp@acme.example \\
      --country US --language en_US --subscription Sub123
  wholesale-hub customers create --file customer.json --wait
  wholesale-hub customers list --status error --all
  wholesale-hub --json customers get <customerId> --licenses
  wholesale-hub subscribers import users.csv --dry-run`);

  partnersCommand(program);
  tokensCommand(program);
  templatesCommand(program);
  customersCommand(program);
  subscribersCommand(program);
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
