import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { SCOPES } from '../domain/scopes.ts';
import { CliError, EXIT_API_ERROR } from './client.ts';

/** Option parsers and request-body input shared by the commands. */

export function positiveInt(max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > max) {
      throw new InvalidArgumentError(`expected an integer from 1 to ${max === Number.MAX_SAFE_INTEGER ? '…' : max}.`);
    }
    return Number(v);
  };
}

export function booleanArg(v: string): boolean {
  if (/^(true|yes|on|1)$/i.test(v)) return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  throw new InvalidArgumentError('expected true or false.');
}

/** A positive integer, or 'none' (commander would turn a null result into ''). */
export function quantityMaxArg(v: string): number | 'none' {
  if (/^(none|null|unlimited)$/i.test(v)) return 'none';
  return positiveInt()(v);
}

/** Accepts full scope names, short ones (customers_read) or `all`. */
export function scopesArg(v: string): string[] {
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

export const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** A JSON request body from a file, or from stdin with `-`. */
export function readJsonFile(file: string): Record<string, unknown> {
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
