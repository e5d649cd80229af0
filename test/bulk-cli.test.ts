import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/cli/csv.ts';
import type { TestApp } from './helpers/app.ts';
import { startPartnerApp, unique } from './helpers/fixtures.ts';
import { projectRoot } from './helpers/process.ts';
import { readyCustomer, subscriberBody, type ReadyCustomer } from './helpers/subscribers.ts';

/** `wholesale-hub subscribers import file.csv`: the command as a child process against the real app. */
const BIN = path.join(projectRoot, 'bin', 'wholesale-hub.js');
type Run = { code: number; stdout: string; stderr: string };

let t: TestApp;
let token: string;
let url: string;
let dir: string;
let cust: ReadyCustomer;

beforeAll(async () => {
  let provisioningId: string;
  ({ t, token, provisioningId } = await startPartnerApp());
  cust = await readyCustomer(t, token, provisioningId, { numbers: 2 });
  const admin = await t.call('POST', '/v1/wholesale/subscribers', { token, body: subscriberBody(cust.id, { packages: ['webex_calling'] }, { extension: '1000' }) });
  expect(admin.status).toBe(200);
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  dir = mkdtempSync(path.join(tmpdir(), 'wh-import-'));
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[], base = url): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, WHOLESALE_HUB_URL: base, WHOLESALE_HUB_TOKEN: token };
  delete env.OPERATOR_TOKEN;
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: projectRoot, env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}
const show = (r: Run) => `exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`;

function csvFile(lines: string[]): string {
  const file = path.join(dir, `${unique('users')}.csv`);
  writeFileSync(file, `${lines.join('\r\n')}\r\n`);
  return file;
}
const email = () => `${unique('csv')}@example.com`.toLowerCase();
const exists = async (address: string) =>
  (await t.call('GET', `/v1/wholesale/subscribers?email=${encodeURIComponent(address)}`, { token })).body.items.length as number;

describe('subscribers import', () => {
  it('provisions the good rows, reports each bad one with its row number and code, exits 1', async () => {
    const [a, b, c, d, e] = [email(), email(), email(), email(), email()];
    const file = csvFile([
      'customerId,ExternalCustomerId,email,package,firstName,lastName,extension,primaryPhoneNumber',
      `,${cust.externalId},${a},webex_meetings,Ann,Lee,,`,
      `${cust.id},,${b},webex_calling,Bob,Ray,5001,${cust.numbers[0]}`,
      `${cust.id},,not-an-email,webex_meetings,Bad,Mail,,`,
      `,no-such-customer,${c},webex_meetings,No,Customer,,`,
      `${cust.id},,${d},webex_calling,No,Number,,`,
      '',
      `${cust.id},,${e},webex_meetings,"Doe, Jr.","O""Neil",,`,
      `${cust.id},,${a},webex_meetings,Ann,Again,,`,
    ]);
    const r = await cli(['subscribers', 'import', file]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toMatch(/^Rows:\s+7$/m);
    expect(r.stdout).toMatch(/^Provisioned:\s+3$/m);
    expect(r.stdout).toMatch(/^Failed:\s+4$/m);
    expect(r.stdout).toContain(`${file}.errors.csv (4 rows)`);
    // Not a terminal: plain progress lines on stderr.
    expect(r.stderr).toContain('7/7 rows (100%), 4 failed');
    const report = parseCsv(readFileSync(`${file}.errors.csv`, 'utf8'));
    expect(report).toEqual([
      ['row', 'email', 'errorCode', 'description'],
      ['4', 'not-an-email', '6004', expect.any(String)],
      ['5', c, '4004', 'No customer with externalId "no-such-customer".'],
      ['6', d, '5020', expect.any(String)],
      ['9', a, '10022', 'The email is already associated with an existing user.'],
    ]);
    for (const x of [a, b, e]) expect(await exists(x)).toBe(1);
    for (const x of [c, d]) expect(await exists(x)).toBe(0);
    const sub = (await t.call('GET', `/v1/wholesale/subscribers?email=${e}`, { token })).body.items[0];
    const person = (await t.call('GET', `/v1/people/${sub.personId}`, { token })).body;
    expect(person).toMatchObject({ firstName: 'Doe, Jr.', lastName: 'O"Neil' });
  });

  it('--dry-run writes nothing and exits 0 when every row would pass; --report names the file', async () => {
    const rows = [email(), email()];
    const file = csvFile(['customerId,email,package,firstName,lastName', ...rows.map((x) => `${cust.id},${x},webex_meetings,Dry,Run`)]);
    const report = path.join(dir, 'dry-report.csv');
    const r = await cli(['subscribers', 'import', file, '--dry-run', '--report', report]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toContain('Dry run: nothing was written');
    expect(r.stdout).toMatch(/^Would provision:\s+2$/m);
    expect(readFileSync(report, 'utf8')).toBe('row,email,errorCode,description\n');
    for (const x of rows) expect(await exists(x)).toBe(0);
  });

  it('chunks the file; --all-or-nothing writes only whole chunks and stops after a failed one', async () => {
    const good = Array.from({ length: 5 }, email);
    const file = csvFile([
      'customerId,email,package,firstName,lastName',
      `${cust.id},${good[0]},webex_meetings,A,A`,
      `${cust.id},${good[1]},webex_meetings,B,B`,
      `${cust.id},bad-address,webex_meetings,C,C`,
      `${cust.id},${good[2]},webex_meetings,D,D`,
      `${cust.id},${good[3]},webex_meetings,E,E`,
      `${cust.id},${good[4]},webex_meetings,F,F`,
    ]);
    const r = await cli(['--json', 'subscribers', 'import', file, '--all-or-nothing', '--chunk-size', '2']);
    expect(r.code, show(r)).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows: 6, provisioned: 2, failed: 1, notApplied: 3, requests: 2 });
    expect(await exists(good[0]!)).toBe(1);
    expect(await exists(good[1]!)).toBe(1);
    for (const x of good.slice(2)) expect(await exists(x)).toBe(0);
    const report = parseCsv(readFileSync(`${file}.errors.csv`, 'utf8'));
    expect(report.slice(1).map((l) => [l[0], l[2]])).toEqual([['4', '6004'], ['5', '5070'], ['6', '5070'], ['7', '5070']]);
  });

  it('refuses a file without the needed columns before sending anything', async () => {
    const r = await cli(['subscribers', 'import', csvFile(['email,package,mail', 'x@example.com,webex_meetings,y'])]);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).toContain('unknown column "mail"');
  });

  it('retries a chunk with the same Idempotency-Key after a lost answer and a 503: written once', async () => {
    const seen: string[] = [];
    let calls = 0;
    // Fault injection in front of the real server: the first answer is lost after the server
    // wrote the chunk (the connection drops), the second attempt gets 503 + Retry-After.
    const proxy: Server = createServer((req, res) => {
      const isBulk = req.url?.startsWith('/v1/wholesale/subscribers/bulk');
      if (isBulk) seen.push(String(req.headers['idempotency-key']));
      const n = isBulk ? ++calls : 0;
      if (n === 2) {
        req.resume();
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ message: 'down', errors: [{ errorCode: 1030, description: 'down' }], trackingId: 'x' }));
        return;
      }
      const upstream = request(`${url}${req.url}`, { method: req.method, headers: req.headers }, (up: IncomingMessage) => {
        if (n === 1) {
          up.resume();
          up.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(up.statusCode!, up.headers);
        up.pipe(res);
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const rows = [email(), email(), email()];
      const file = csvFile(['customerId,email,package,firstName,lastName', ...rows.map((x) => `${cust.id},${x},webex_meetings,Re,Try`)]);
      const r = await cli(['subscribers', 'import', file], `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
      expect(r.code, show(r)).toBe(0);
      expect(r.stdout).toMatch(/^Provisioned:\s+3$/m);
      expect(seen.length).toBe(3);
      expect(new Set(seen).size).toBe(1);
      for (const x of rows) expect(await exists(x)).toBe(1);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
