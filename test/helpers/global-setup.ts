import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder } from '../../src/db/client.ts';

/**
 * initdb costs seconds; a migrated PGlite data dir is built once per run and every test file
 * loads a copy of it (test/helpers/db.ts).
 */
export default async function setup() {
  if (process.env.TEST_DATABASE_URL) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'wh-pglite-'));
  const pg = await PGlite.create();
  await migrate(drizzle(pg), { migrationsFolder });
  const dump = await pg.dumpDataDir('none');
  await pg.close();
  const file = path.join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.WH_PGLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
