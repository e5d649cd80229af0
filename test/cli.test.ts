import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, startTestApp, type TestApp } from './helpers/app.ts';
import { customerBody, unique, usAddress } from './helpers/fixtures.ts';

/**
 * The `wholesale-hub` command as users run it: a child process talking HTTP to the real app
 * listening on a loopback port.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'wholesale-hub.js');

type Run = { code: number; stdout: string; stderr: string };

let t: TestApp;
let url: string;
let dir: string;

/** The environment without any of the CLI's own variables, so the host's settings cannot leak in. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['WHOLESALE_HUB_URL', 'WHOLESALE_HUB_TOKEN', 'OPERATOR_TOKEN']) delete env[k];
  return env;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...cleanEnv(), WHOLESALE_HUB_URL: url, ...env }, timeout: 25_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const show = (r: Run) => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

function writeJson(name: string, body: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'wh-cli-'));
});

afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('wholesale-hub command', () => {
  const state = { partnerId: '', partnerName: '', token: '', provisioningId: '', customerId: '', externalId: '' };

  it('operator creates a partner and a token', async () => {
    state.partnerName = unique('CLI Partner');
    const created = await cli(['--json', 'partners', 'create', '--name', state.partnerName, '--admin-email', 'admin@cli.example'], {
      OPERATOR_TOKEN: OPERATOR,
    });
    expect(created.code, show(created)).toBe(0);
    const partner = JSON.parse(created.stdout);
    expect(partner).toMatchObject({ name: state.partnerName, adminEmail: 'admin@cli.example' });
    state.partnerId = partner.id;

    // Global options also work after the subcommand; --token beats the environment.
    const [tok, list] = await Promise.all([
      cli(['tokens', 'create', state.partnerId, '--scopes', 'all', '--name', 'cli', '--token', OPERATOR], { OPERATOR_TOKEN: 'wrong-operator-token' }),
      cli(['partners', 'list'], { WHOLESALE_HUB_TOKEN: OPERATOR }),
    ]);
    expect(tok.code, show(tok)).toBe(0);
    expect(tok.stdout).toMatch(/shown only this once/);
    const token = /^\s+(whp_\S+)$/m.exec(tok.stdout)?.[1];
    expect(token, tok.stdout).toBeDefined();
    state.token = token!;
    expect(list.code, show(list)).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+ADMIN EMAIL\s+DELAYED BILLING\s+QTY MAX\s+CREATED$/);
    expect(list.stdout).toContain(state.partnerName);
  });

  it('with that token, creates a template and provisions a customer with --wait', async () => {
    const env = { WHOLESALE_HUB_TOKEN: state.token };
    const tpl = await cli(
      ['--json', 'templates', 'create', '--name', unique('CLI Template'), '--admin-email', 'sp@cli.example',
        '--country', 'US', '--language', 'en_US', '--subscription', 'Sub-cli-1'],
      env,
    );
    expect(tpl.code, show(tpl)).toBe(0);
    const template = JSON.parse(tpl.stdout);
    expect(template).toMatchObject({ country: 'US', authentication: { method: 'webex' } });
    state.provisioningId = template.provisioningId;

    const body = customerBody(state.provisioningId);
    state.externalId = body.externalId;
    const created = await cli(['customers', 'create', '--file', writeJson('customer.json', body), '--wait'], env);
    expect(created.code, show(created)).toBe(0);
    const [id, status] = created.stdout.trim().split('\n');
    expect(status).toBe('status: provisioned');
    state.customerId = id!;

    // The server agrees.
    const res = await t.call('GET', `/v1/wholesale/customers/${state.customerId}`, { token: state.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'provisioned', externalId: state.externalId });
  });

  it('lists customers as JSON and as a table', async () => {
    const env = { WHOLESALE_HUB_TOKEN: state.token };
    // A second customer (no --wait: the id is printed at once) makes --all follow a Link rel=next.
    const second = await cli(['customers', 'create', '--file', writeJson('second.json', customerBody(state.provisioningId))], env);
    expect(second.code, show(second)).toBe(0);
    const secondId = second.stdout.trim();
    expect(secondId).toMatch(/^[\w-]+$/);

    const [json, human] = await Promise.all([
      cli(['customers', 'list', '--json', '--all', '--max', '1'], env),
      cli(['customers', 'list', '--external-id', state.externalId], env),
    ]);
    expect(json.code, show(json)).toBe(0);
    const list = JSON.parse(json.stdout);
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([secondId, state.customerId]);
    expect(list.items[1]).toMatchObject({ status: 'provisioned', externalId: state.externalId });

    expect(human.code, show(human)).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+EXTERNAL ID\s+STATUS\s+PACKAGES\s+CREATED$/);
    expect(lines).toHaveLength(2);
    const columns = lines[1]!.split(/\s{2,}/);
    expect(columns.slice(0, 4)).toEqual([state.customerId, state.externalId, 'provisioned', 'webex_meetings']);
    // Columns line up under their headings.
    expect(lines[1]!.indexOf('provisioned')).toBe(lines[0]!.indexOf('STATUS'));
  });

  it('reports API errors on stderr (code, trackingId) and exits 1', async () => {
    const bad = customerBody(state.provisioningId, { address: { ...usAddress(), country: 'ZZ' } });
    const [badRequest, wrongToken] = await Promise.all([
      cli(['customers', 'create', '--file', writeJson('bad.json', bad)], { WHOLESALE_HUB_TOKEN: state.token }),
      cli(['customers', 'list', '--token', 'whp_not-a-real-token']),
    ]);
    expect(badRequest.code, show(badRequest)).toBe(1);
    expect(badRequest.stdout).toBe('');
    expect(badRequest.stderr).toMatch(/HTTP 400/);
    expect(badRequest.stderr).toMatch(/^\s+6006: .*ZZ/m);
    expect(badRequest.stderr).toMatch(/^\s+trackingId: WHCLI_[\w-]+$/m);

    expect(wrongToken.code, show(wrongToken)).toBe(1);
    expect(wrongToken.stderr).toMatch(/HTTP 401.*requires a valid access token/);
    expect(wrongToken.stderr).toMatch(/^\s+4001: /m);
    expect(wrongToken.stderr).toMatch(/trackingId: /);
  });

  it('exits 2 with a one-line reason when the server cannot be reached', async () => {
    const port = await closedPort();
    const r = await cli(['customers', 'list', '--url', `http://127.0.0.1:${port}`, '--token', 'whp_x']);
    expect(r.code, show(r)).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
  });
});
