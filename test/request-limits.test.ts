import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, MAX_JSON_DEPTH, jsonDeeperThan } from '../src/http/request-limits.ts';
import { expectWebexError, type Res, type TestApp } from './helpers/app.ts';
import { startPartnerApp, templateBody } from './helpers/fixtures.ts';

/** Body size, JSON depth and header limits: each a 4xx with the Webex error body, never a hang. */
let t: TestApp;
let token: string;
let port: number;

beforeAll(async () => {
  ({ t, token } = await startPartnerApp());
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(() => t.close());

const nest = (n: number, inner = '1') => '['.repeat(n) + inner + ']'.repeat(n);
const post = (url: string, raw: string, headers: Record<string, string> = {}) =>
  t.call('POST', url, { token, raw, headers: { 'content-type': 'application/json', ...headers } });

type RawRes = { status: number; head: string; body: string };

/** Writes bytes on a fresh connection and reads until the server closes it (a hang fails the test). */
function raw(data: string | Buffer[], timeoutMs = 10_000): Promise<RawRes> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms: the server hangs`));
    }, timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined); // the server may close while we still write: expected
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, body });
    });
    socket.on('connect', () => {
      for (const part of typeof data === 'string' ? [Buffer.from(data)] : data) if (!socket.destroyed) socket.write(part);
    });
  });
}

function expectRawWebexError(res: RawRes, status: number, code: number): void {
  expect(res.status, res.head).toBe(status);
  expect(res.head).toMatch(/content-type: application\/json/i);
  const body = JSON.parse(res.body);
  expect(body).toMatchObject({ message: expect.any(String), errors: [{ errorCode: code, description: expect.any(String) }], trackingId: expect.stringMatching(/^WH_/) });
  expect(res.head.toLowerCase()).toContain(`trackingid: ${body.trackingId}`.toLowerCase());
}

describe('body size (1 MiB)', () => {
  it('one byte over → 413 with code 1012; exactly the limit is parsed (and refused by the schema)', async () => {
    const over = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES) });
    expectWebexError(await post('/v1/wholesale/templates', over), 413, 1012);
    const pad = BODY_LIMIT_BYTES - JSON.stringify({ name: '' }).length;
    const exact = JSON.stringify({ name: 'x'.repeat(pad) });
    expect(Buffer.byteLength(exact)).toBe(BODY_LIMIT_BYTES);
    const res = await post('/v1/wholesale/templates', exact);
    expectWebexError(res, 400);
    expect(res.body.errors.map((e: { errorCode: number }) => e.errorCode)).not.toContain(1012);
  });

  it('over a socket: a 50 MiB Content-Length is refused at once, without reading the body', async () => {
    const head = `POST /v1/wholesale/templates HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`;
    const res = await raw([Buffer.from(head), Buffer.alloc(64 * 1024, 0x20)]);
    expectRawWebexError(res, 413, 1012);
  });

  it('over a socket: a chunked body that grows past the limit → 413', async () => {
    const head = `POST /v1/wholesale/templates HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const parts = [Buffer.from(head)];
    for (let i = 0; i < 5; i++) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    parts.push(Buffer.from('0\r\n\r\n'));
    expectRawWebexError(await raw(parts), 413, 1012);
  });
});

describe(`JSON depth (${MAX_JSON_DEPTH} levels)`, () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(jsonDeeperThan(nest(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDeeperThan(nest(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDeeperThan(JSON.stringify({ a: '['.repeat(100), b: '\\"[[[' }), 2)).toBe(false);
    expect(jsonDeeperThan('{"a":{"b":{"c":[{}]}}}', 4)).toBe(true);
    expect(jsonDeeperThan('{"a":{"b":{"c":[{}]}}}', 5)).toBe(false);
  });

  it('deeper than the limit → 400 with code 1013 before any route runs; at the limit the route decides', async () => {
    const deep = `{"name": ${nest(MAX_JSON_DEPTH)}}`;
    expectWebexError(await post('/v1/wholesale/templates', deep), 400, 1013);
    const res = await post('/v1/wholesale/templates', `{"name": ${nest(MAX_JSON_DEPTH - 2)}}`);
    expectWebexError(res, 400, 1003);
    expect(res.body.errors.map((e: { errorCode: number }) => e.errorCode)).not.toContain(1013);
    // 500,000 levels in under 1 MiB: refused cheaply, no stack overflow anywhere.
    expectWebexError(await post('/v1/wholesale/customers', nest(500_000)), 400, 1013);
  });

  it('applies to routes without a body schema too: a DELETE with a too-deep body changes nothing', async () => {
    const tpl = await t.call('POST', '/v1/wholesale/templates', { token, body: templateBody() });
    const res = await t.call('DELETE', `/v1/wholesale/templates/${tpl.body.id}`, { token, raw: nest(40, '{}'), headers: { 'content-type': 'application/json' } });
    expectWebexError(res, 400, 1013);
    expect((await t.call('GET', `/v1/wholesale/templates/${tpl.body.id}`, { token })).status).toBe(200);
  });
});

describe('headers (Node\'s 16 KiB)', () => {
  const get = (extra: string, path = '/v1/wholesale/templates') =>
    `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n${extra}\r\n`;

  it('8 KiB of headers are fine', async () => {
    const res = await raw(get(`X-Pad: ${'a'.repeat(8 * 1024)}\r\n`));
    expect(res.status).toBe(200);
  });

  it('a 20 KiB header → 431 with code 1014, and the connection is closed', async () => {
    expectRawWebexError(await raw(get(`X-Pad: ${'a'.repeat(20 * 1024)}\r\n`)), 431, 1014);
  });

  it('a 4 MiB header, or thousands of headers, → 431 at once instead of reading it all', async () => {
    const huge = [Buffer.from(get('').slice(0, -2)), Buffer.from('X-Pad: '), ...Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024, 0x61)), Buffer.from('\r\n\r\n')];
    expectRawWebexError(await raw(huge), 431, 1014);
    const many = Array.from({ length: 5_000 }, (_, i) => `X-H${i}: v\r\n`).join('');
    expectRawWebexError(await raw(get(many)), 431, 1014);
  });

  it('a 20 KiB URL → 431 (the request line counts)', async () => {
    expectRawWebexError(await raw(get('', `/v1/wholesale/templates?x=${'a'.repeat(20 * 1024)}`)), 431, 1014);
  });

  it('bytes that are not HTTP → 400 with code 1016', async () => {
    expectRawWebexError(await raw('HELLO THERE\r\n\r\n'), 400, 1016);
    expectRawWebexError(await raw('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'), 400, 1016);
  });
});

describe('URLs the router refuses', () => {
  it('a path parameter over 500 characters → 414 (1018); one that does not percent-decode → 400 (1017)', async () => {
    const numbers = (id: string) => t.call('POST', `/v1/telephony/config/locations/${id}/numbers?orgId=x`, { token, body: { phoneNumbers: ['+14085550100'] } });
    expectWebexError(await numbers('x'.repeat(501)), 414, 1018);
    expectWebexError(await numbers('x'.repeat(500)), 404);
    // As the last segment, the router finds no route instead.
    expectWebexError(await t.call('GET', `/v1/wholesale/customers/${'x'.repeat(501)}`, { token }), 404, 1006);
    expectWebexError(await t.call('GET', '/v1/wholesale/customers/%E0%A4%A', { token }), 400, 1017);
  });
});

describe('other malformed bodies keep their codes', () => {
  it('not JSON → 400 (1004); not application/json → 415 (1005); prototype poisoning → 400', async () => {
    expectWebexError(await post('/v1/wholesale/templates', '{"name": '), 400, 1004);
    expectWebexError(await post('/v1/wholesale/templates', '', {}), 400, 1004);
    const res: Res = await t.call('POST', '/v1/wholesale/templates', { token, raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectWebexError(res, 415, 1005);
    expectWebexError(await post('/v1/wholesale/templates', '{"__proto__": {"admin": true}}'), 400);
  });
});
