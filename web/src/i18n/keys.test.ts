import { describe, expect, it } from 'vitest';
import { CUSTOMER_PACKAGES } from '../../../src/domain/packages.ts';
import { SETUP_ASSIST_SERVICES } from '../../../src/features/setup-assist/routes.ts';

/**
 * Every Partner Hub language has exactly the English keys, and no empty message: a missing key
 * would show English (or the key) in the middle of a translated screen.
 */
const LANGUAGES = ['en', 'fr', 'ja', 'ro', 'da'];

type Tree = { [key: string]: unknown };
const files = import.meta.glob<Tree>('./*.json', { eager: true, import: 'default' });
const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.d.ts'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

const load = (lng: string): Tree => {
  const tree = files[`./${lng}.json`];
  if (!tree) throw new Error(`${lng}.json is missing`);
  return tree;
};

function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const [kk, vv] of flatten(v as Tree, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

/** {{placeholders}} of a message, sorted. */
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('Partner Hub messages', () => {
  const en = flatten(load('en'));

  it('has a file for each language and no other', () => {
    expect(Object.keys(files).map((f) => f.replace(/^\.\/|\.json$/g, '')).sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES)('%s has exactly the English keys, each a non-empty string with the same placeholders', (lng) => {
    const msgs = flatten(load(lng));
    const missing = [...en.keys()].filter((k) => !msgs.has(k));
    const extra = [...msgs.keys()].filter((k) => !en.has(k));
    expect(missing, `keys missing in ${lng}.json`).toEqual([]);
    expect(extra, `keys in ${lng}.json that en.json does not have`).toEqual([]);
    const empty = [...msgs].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    expect(empty, `empty or non-string messages in ${lng}.json`).toEqual([]);
    const mismatched = [...msgs]
      .filter(([k, v]) => typeof v === 'string' && JSON.stringify(placeholders(v)) !== JSON.stringify(placeholders(String(en.get(k)))))
      .map(([k]) => k);
    expect(mismatched, `messages in ${lng}.json whose {{placeholders}} differ from English`).toEqual([]);
  });
});

describe('Partner Hub code', () => {
  const en = flatten(load('en'));

  it('uses only message keys that exist (literal t("…") calls and message keys set in checks)', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    const unknown: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+)'/g)) if (!en.has(m[1]!)) unknown.push(`${file}: ${m[1]}`);
      for (const m of text.matchAll(/(?:key:\s*|=\s*)'((?:validation|users|customerForm|address|templateForm|packagesForm|numbers|setupAssist|locations|mail|attach)\.[a-zA-Z0-9_]+)'/g)) {
        if (!en.has(m[1]!)) unknown.push(`${file}: ${m[1]}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('names every package and status the API can send', () => {
    for (const p of CUSTOMER_PACKAGES) expect(en.has(`packages.${p}`), p).toBe(true);
    for (const s of ['provisioned', 'provisioned_with_errors', 'provisioning', 'updating', 'deleting', 'error', 'pending_rpl_review', 'pending_user_migration', 'pending_approval']) {
      expect(en.has(`status.${s}`), s).toBe(true);
    }
  });

  it('names every Setup Assist service and every kind and status of mail the API can send', () => {
    for (const s of SETUP_ASSIST_SERVICES) expect(en.has(`setupAssist.service.${s}`), s).toBe(true);
    for (const k of ['welcome', 'admin_invitation', 'emergency_notification']) expect(en.has(`mail.kinds.${k}`), k).toBe(true);
    for (const s of ['pending', 'sent', 'stored', 'failed']) expect(en.has(`mail.statuses.${s}`), s).toBe(true);
  });
});
