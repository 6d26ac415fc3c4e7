import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/**
 * A private PostgreSQL cluster from Debian's package binaries: made with initdb in a folder of the
 * project's, listening on loopback only on a port of its own, so the package's own `main` cluster (and
 * whatever else runs on 5432) is left alone. The cluster profile runs one; the integration tests of
 * the PostgreSQL stores start a throwaway one.
 */
const run = promisify(execFile);

/** The superuser initdb makes; trusted on loopback only (a development cluster on 127.0.0.1). */
export const postgresSuperuser = 'postgres';

/** Debian installs each PostgreSQL major under /usr/lib/postgresql/<major>/bin; the newest one is used. */
export function postgresBinDir(root = '/usr/lib/postgresql'): string {
  let majors: string[] = [];
  try {
    majors = readdirSync(root).filter((name) => /^\d+$/.test(name));
  } catch {
    // not installed: the checks before start say so
  }
  const newest = majors.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? join(root, newest, 'bin') : join(root, 'missing', 'bin');
}

/** The user PostgreSQL runs as when started by root (it refuses to run as root); undefined otherwise. */
export function postgresRunAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Whether another user (postgres) may pass through every folder above `dir` that exists. */
export function traversableByOthers(dir: string): boolean {
  for (let at = dirname(resolve(dir)); ; at = dirname(at)) {
    if (existsSync(at) && (statSync(at).mode & 0o001) === 0) return false;
    if (at === dirname(at)) return true;
  }
}

/**
 * Where a private cluster's PostgreSQL folder goes: `preferred`, unless root runs it (PostgreSQL then
 * runs as postgres) from a checkout that postgres cannot pass through, such as a clone in a
 * `mktemp -d` folder (mode 700), where initdb failed with "Permission denied". Then a folder of its
 * own under `/var/lib/council-posts`, named after `preferred` so each checkout keeps its own.
 */
export function postgresFolder(preferred: string, root = process.getuid?.() === 0): string {
  if (!root || traversableByOthers(preferred)) return preferred;
  const name = createHash('sha256').update(resolve(preferred)).digest('hex').slice(0, 12);
  return join('/var/lib/council-posts', `postgresql-${name}`);
}

export interface PostgresPlace {
  binDir: string;
  dataDir: string;
  socketDir: string;
  host: string;
  port: number;
}

/** Makes the data folder with initdb on first use (harmless to repeat) and the socket folder. */
export async function initPostgres(place: PostgresPlace): Promise<void> {
  const runAs = postgresRunAs();
  const owned = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  };
  owned(join(place.dataDir, '..'));
  owned(place.socketDir);
  if (existsSync(join(place.dataDir, 'PG_VERSION'))) return;
  const initdb = join(place.binDir, 'initdb');
  if (!existsSync(initdb))
    throw new Error(`PostgreSQL is not installed (${initdb}): install Debian's postgresql package`);
  await run(
    initdb,
    ['-D', place.dataDir, '-U', postgresSuperuser, '--auth=trust', '-E', 'UTF8', '--locale=C'],
    runAs ? { uid: runAs.uid, gid: runAs.gid } : {},
  );
}

/** The postgres command line: loopback only, its own socket folder, enough connections for a cluster. */
export function postgresArgs(place: PostgresPlace, maxConnections = 300): string[] {
  return [
    '-D',
    place.dataDir,
    '-p',
    String(place.port),
    '-k',
    place.socketDir,
    '-c',
    `listen_addresses=${place.host}`,
    '-c',
    `max_connections=${maxConnections}`,
    '-c',
    'log_min_messages=warning',
  ];
}

export function superuserUrl(place: Pick<PostgresPlace, 'host' | 'port'>, database = 'postgres'): string {
  return `postgres://${postgresSuperuser}@${place.host}:${place.port}/${database}`;
}

export async function postgresAnswers(place: Pick<PostgresPlace, 'host' | 'port'>): Promise<boolean> {
  const client = new pg.Client({ connectionString: superuserUrl(place), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface RunningPostgres {
  /** A URL for a database of the caller's (made by `createDatabase`). */
  urlOf(database: string): string;
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Starts a private cluster as a child of this process (the tests: a throwaway data folder each run),
 * waits until it answers, and stops it with a fast shutdown.
 */
export async function startPrivatePostgres(
  place: PostgresPlace,
  timeoutMillis = 60_000,
): Promise<RunningPostgres> {
  await initPostgres(place);
  const runAs = postgresRunAs();
  const child = spawn(join(place.binDir, 'postgres'), postgresArgs(place, 100), {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
  });
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors = `${errors}${chunk.toString()}`.slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + timeoutMillis;
  while (!(await postgresAnswers(place))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`PostgreSQL did not start on ${place.host}:${place.port}: ${errors.trim()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const urlOf = (database: string) => superuserUrl(place, database);
  return {
    urlOf,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: superuserUrl(place) });
      await client.connect();
      try {
        await client.query(`create database ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return urlOf(name);
    },
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown: clients disconnected, then a clean checkpoint.
      child.kill('SIGINT');
      await exited;
    },
  };
}
