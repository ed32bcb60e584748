import 'server-only';
/**
 * The collector's storage: a real SQLite database file, through sql.js
 * (SQLite compiled to WebAssembly). A native driver would need a prebuilt
 * binary or node-gyp; sql.js installs from npm alone. It keeps the database
 * in memory and this module writes the whole file after every committed
 * transaction (to a temporary file, then `rename`, so a crash never leaves a
 * half-written database). Fine for a demo's few thousand rows; a production
 * collector would use a server database.
 *
 * One process owns the file: the database lives on `globalThis` so every
 * route bundle shares it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import initSqlJs, { type Database } from 'sql.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS signals (
  id TEXT PRIMARY KEY,            -- signal id; the primary key is the persistent replay guard
  emitter_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  channel TEXT NOT NULL,
  route TEXT NOT NULL,
  drill INTEGER NOT NULL,
  notification TEXT NOT NULL,
  individuals INTEGER NOT NULL,   -- distinct fingerprints in this signal (or the signal's count without a key)
  discovered_at TEXT NOT NULL,
  received_at TEXT NOT NULL,
  resolved_at TEXT,
  body TEXT NOT NULL              -- the signal as received (it carries no PHI)
);
CREATE INDEX IF NOT EXISTS signals_received ON signals(received_at);
CREATE TABLE IF NOT EXISTS individuals (
  fingerprint TEXT PRIMARY KEY,   -- keyed HMAC of an identifier, never the value
  first_signal TEXT NOT NULL,
  first_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signal_individuals (
  signal_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  PRIMARY KEY (signal_id, fingerprint)
);
CREATE TABLE IF NOT EXISTS chain_heads (
  emitter_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chain_breaks (
  emitter_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  reason TEXT NOT NULL,
  detected_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deliveries (
  received_at TEXT NOT NULL,
  outcome TEXT NOT NULL           -- stored | bad_signature | expired | replay | malformed
);
`;

interface Store { db: Database; file: string }

const KEY = Symbol.for('phi-guard-example.collector-db');

/** The database file: `PHI_GUARD_DB`, default `data/signals.db` under the app. */
export function databaseFile(): string {
  return resolve(/*turbopackIgnore: true*/ process.env.PHI_GUARD_DB || join(process.cwd(), 'data', 'signals.db'));
}

async function open(): Promise<Store> {
  const SQL = await initSqlJs();
  const file = databaseFile();
  // The database file is data chosen at run time, not code: keep it out of output tracing.
  const db = existsSync(/*turbopackIgnore: true*/ file) ? new SQL.Database(readFileSync(/*turbopackIgnore: true*/ file)) : new SQL.Database();
  db.exec(SCHEMA);
  const store = { db, file };
  persist(store);
  return store;
}

/** The shared database (opened, and created if missing, on first use). */
export function database(): Promise<Store> {
  const g = globalThis as unknown as Record<symbol, Promise<Store> | undefined>;
  let p = g[KEY];
  if (!p) {
    p = open();
    g[KEY] = p;
    p.catch(() => { g[KEY] = undefined; });
  }
  return p;
}

function persist(store: Store): void {
  mkdirSync(/*turbopackIgnore: true*/ dirname(store.file), { recursive: true });
  const tmp = `${store.file}.${process.pid}.tmp`;
  writeFileSync(/*turbopackIgnore: true*/ tmp, store.db.export());
  renameSync(/*turbopackIgnore: true*/ tmp, store.file);
}

/**
 * Runs `work` in one transaction and writes the file if it commits.
 * sql.js is synchronous and JavaScript runs one call at a time, so no other
 * transaction can interleave.
 */
export async function transaction<T>(work: (db: Database) => T): Promise<T> {
  const store = await database();
  store.db.exec('BEGIN IMMEDIATE');
  let out: T;
  try {
    out = work(store.db);
    store.db.exec('COMMIT');
  } catch (e) {
    store.db.exec('ROLLBACK');
    throw e;
  }
  persist(store);
  return out;
}

/** Runs a read-only query and returns rows as objects. */
export async function query<R extends Record<string, unknown>>(sql: string, params: (string | number | null)[] = []): Promise<R[]> {
  const { db } = await database();
  return rows<R>(db, sql, params);
}

/** Rows of `sql` as objects (inside or outside a transaction). */
export function rows<R extends Record<string, unknown>>(db: Database, sql: string, params: (string | number | null)[] = []): R[] {
  const stmt = db.prepare(sql);
  try {
    stmt.bind(params);
    const out: R[] = [];
    while (stmt.step()) out.push(stmt.getAsObject() as R);
    return out;
  } finally {
    stmt.free();
  }
}
