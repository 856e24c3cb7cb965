/**
 * `gridsight serve` and `gridsight db …`: opens the database (PGlite in a folder, or DATABASE_URL), applies the
 * migrations, loads the bundled dataset into an empty database, makes the first admin account, and serves.
 */
import { chmod, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildServer } from './app';
import { basemapsFromEnv } from './basemaps';
import { createUser, userCount } from './auth';
import { openDb, type Db } from './db';
import { exportVersion, headVersion, importFolder, type ImportReport } from './datasets';
import { migrate } from './migrations';
import { randomPassword } from './passwords';

export interface DbOptions {
  /** postgres://…; default process.env.DATABASE_URL. */
  url?: string;
  /** The embedded database's folder. Default data/db. */
  dir?: string;
}

/** Says which engine and where, without the password of a URL. */
export function describeDb(o: DbOptions): string {
  if (o.url) return `PostgreSQL at ${o.url.replace(/\/\/([^:@/]*)(:[^@/]*)?@/, '//$1@')}`;
  return `the embedded PostgreSQL (PGlite) in ${o.dir}`;
}

export async function openMigrated(o: DbOptions): Promise<Db> {
  // The embedded engine's folder is made by its lock (db.ts lockFolder).
  const db = await openDb({ url: o.url, dir: o.dir });
  try {
    await migrate(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}

export interface ServeOptions extends DbOptions {
  host: string;
  port: number;
  /** The built app. Default dist. */
  dist: string;
  /** The folder loaded into an empty database. Default data/zhihuiwan. */
  seed: string;
  log?: (line: string) => void;
}

/**
 * The first admin account of an empty database: the password from GRIDSIGHT_ADMIN_PASSWORD, or a random one that
 * is printed once and (embedded engine) written to <db>/first-admin.txt, readable by its owner only.
 */
async function firstAdmin(db: Db, o: ServeOptions, log: (line: string) => void): Promise<void> {
  if ((await userCount(db)) > 0) return;
  const given = process.env.GRIDSIGHT_ADMIN_PASSWORD;
  const password = given || randomPassword();
  await db.tx(async (q) => {
    await createUser(q, { username: 'admin', displayName: '系统管理员', role: 'admin', password });
    await q.query("INSERT INTO audit_log (actor, action, target, before, after) VALUES ('gridsight serve', 'user.create', 'user admin', NULL, $1)", [
      JSON.stringify({ username: 'admin', role: 'admin', passwordFrom: given ? 'GRIDSIGHT_ADMIN_PASSWORD' : 'random' }),
    ]);
  });
  if (given) {
    log('gridsight: created the first account "admin" with the password in GRIDSIGHT_ADMIN_PASSWORD');
    return;
  }
  log(`gridsight: created the first account: admin / ${password}`);
  if (!o.url) {
    const file = join(o.dir!, 'first-admin.txt');
    await writeFile(file, `username: admin\npassword: ${password}\n(change it in the app: 账户与审计 → admin)\n`, { mode: 0o600 });
    await chmod(file, 0o600);
    log(`gridsight: (also written to ${file}, readable by you only)`);
  }
}

/** Starts the server; resolves with a function that stops it. */
export async function serve(o: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Read and checked before the database is opened: a wrong entry stops the start with nothing else done.
  const basemaps = await basemapsFromEnv();
  const db = await openMigrated(o);
  if (!(await headVersion(db))) {
    const report = await importFolder(db, o.seed, 'gridsight serve');
    log(`gridsight: the database was empty: loaded ${o.seed} as version ${report.version} (${report.incidents.added} incidents, ${report.patrols.added} patrol tracks)`);
  }
  await firstAdmin(db, o, log);
  const { app } = await buildServer({ db, distDir: resolve(o.dist), basemaps });
  if (basemaps.length) log(`gridsight: config.json offers ${basemaps.length} base map(s) from GS_BASEMAPS`);
  const url = await app.listen({ host: o.host, port: o.port });
  log(`gridsight: ${describeDb(o)}; listening on ${url.replace('[::1]', 'localhost')}`);
  return {
    url,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

export async function dbImport(o: DbOptions, dir: string): Promise<ImportReport> {
  const db = await openMigrated(o);
  try {
    return await importFolder(db, dir, 'gridsight db import');
  } finally {
    await db.close();
  }
}

export async function dbExport(o: DbOptions, version: string, out: string): Promise<{ version: number; files: string[] }> {
  const db = await openMigrated(o);
  try {
    const id = version === 'current' || version === 'latest' ? (await headVersion(db))?.id : Number(version);
    if (!id || !Number.isInteger(id)) throw new RangeError(`no version ${version} in the database`);
    return { version: id, files: await exportVersion(db, id, out) };
  } finally {
    await db.close();
  }
}
