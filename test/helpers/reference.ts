import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse } from 'yaml';

/**
 * The reference wire contract: ../shared/reference/webex-wholesale-provisioning.openapi.yml
 * (next to the repository, as CI has it). Responses are validated against its schemas.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const referenceFile = path.resolve(here, '../../../shared/reference/webex-wholesale-provisioning.openapi.yml');

let ajv: Ajv | undefined;
function instance(): Ajv {
  if (ajv) return ajv;
  const doc = parse(readFileSync(referenceFile, 'utf8')) as { components: { schemas: Record<string, unknown> } };
  ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema({ $id: 'webex', components: doc.components });
  return ajv;
}

/** Errors of `value` against the reference schema `name` (empty when it validates). */
export function referenceErrors(name: string, value: unknown): string[] {
  const validate = instance().getSchema(`webex#/components/schemas/${name}`);
  if (!validate) throw new Error(`no reference schema ${name}`);
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export function referenceExample(pathKey: string, method: string): Record<string, unknown> {
  const doc = parse(readFileSync(referenceFile, 'utf8')) as {
    paths: Record<string, Record<string, { requestBody: { content: { 'application/json': { example: Record<string, unknown> } } } }>>;
  };
  return doc.paths[pathKey]![method]!.requestBody.content['application/json'].example;
}

/** The reference examples wrap values in literal quotes ('"771 Alder Drive"', "'en'"): strip them. */
export function cleanQuotes<T>(v: T): T {
  if (typeof v === 'string') return v.replace(/^(["'])(.*)\1$/s, '$2') as T;
  if (Array.isArray(v)) return v.map(cleanQuotes) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cleanQuotes(x)])) as T;
  return v;
}
