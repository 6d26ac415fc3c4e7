import pg from 'pg';

/**
 * The product's tables in PostgreSQL (DATABASE_URL), for the state several web processes share. Each
 * migration runs once, in order, in a transaction of its own, recorded in `schema_migrations`; an
 * advisory lock keeps two processes from migrating at once. Migrations are only ever added, never
 * edited once released: a change is a new migration.
 */
export const migrations: readonly { id: string; sql: string }[] = [
  {
    id: '001-shared-state',
    sql: `
      create table sessions (
        id_hash text primary key,
        user_id text not null,
        record jsonb not null
      );
      create index sessions_user_id on sessions (user_id);

      create table api_tokens (
        id uuid primary key,
        hash text not null unique,
        user_id text not null,
        record jsonb not null
      );
      create index api_tokens_user_id on api_tokens (user_id);

      -- One row a key and window (sign-in attempts per address, commands per person).
      create table rate_limit_hits (
        key text primary key,
        hits integer not null,
        window_ends_at timestamptz not null
      );

      -- Append-only: the application never updates or deletes a row.
      create table audit_entries (
        seq bigserial primary key,
        post_id text,
        entry jsonb not null
      );
      create index audit_entries_post_id on audit_entries (post_id, seq);

      -- The staff directory: people in the order the import gave (or by id once changed one by one),
      -- leave delegations in the order they were made; every change bumps the one version row, which
      -- each process polls to know when to reload its copy in memory.
      create table directory_people (
        id text primary key,
        position integer not null,
        person jsonb not null
      );
      create table directory_leave_delegations (
        id text primary key,
        seq bigserial not null,
        delegation jsonb not null
      );
      create table directory_version (
        only_row boolean primary key default true check (only_row),
        version bigint not null
      );
      insert into directory_version (version) values (0);
    `,
  },
  {
    id: '002-candidate-register',
    sql: `
      -- The candidate register (candidates/candidateRegister.ts): refs, ciphertext and wrapped keys
      -- only; the personal data is sealed before it reaches the database.

      -- Every version of every record, appended; the latest (highest seq) is the record. An erased
      -- candidate's rows stay, as in the files: nothing can open them once the key is gone.
      create table candidate_records (
        seq bigserial primary key,
        candidate_ref text not null,
        sealed bytea not null,
        saved_at timestamptz not null
      );
      create index candidate_records_ref on candidate_records (candidate_ref, seq);

      -- One data key a candidate, wrapped with the master key; deleting the row is the erasure.
      create table candidate_data_keys (
        candidate_ref text primary key,
        wrapped bytea not null,
        created_at timestamptz not null
      );

      -- Kept for good, one row a candidate erased: who, when and why, and no personal data.
      create table candidate_erasures (
        candidate_ref text primary key,
        seq bigserial not null,
        entry jsonb not null
      );
    `,
  },
  {
    id: '003-idempotency-keys',
    sql: `
      -- First answers to Idempotency-Keys (idempotency/idempotencyStore.ts), one row a key, shared by
      -- every web replica: a request retried on another replica gets the same answer.
      create table idempotency_keys (
        key text primary key,
        record jsonb not null,
        expires_at timestamptz not null
      );
      create index idempotency_keys_expires_at on idempotency_keys (expires_at);
    `,
  },
];

/** An arbitrary fixed number: the advisory lock that serialises migrations. */
const migrationLock = 174_017;

/** Applies the migrations not yet applied; answers their ids. */
export async function migrateDatabase(
  url: string,
  say: (line: string) => void = () => undefined,
): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [migrationLock]);
    await client.query(
      'create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())',
    );
    const done = new Set(
      (await client.query<{ id: string }>('select id from schema_migrations')).rows.map((row) => row.id),
    );
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query('insert into schema_migrations (id) values ($1)', [migration.id]);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(`migration ${migration.id} failed: ${(error as Error).message}`);
      }
      say(`database: applied migration ${migration.id}`);
      applied.push(migration.id);
    }
    if (applied.length === 0) say(`database: up to date (${migrations.length} migrations)`);
    return applied;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [migrationLock]).catch(() => undefined);
    await client.end();
  }
}

/** The migrations applied, and those waiting. */
export async function migrationStatus(url: string): Promise<{ applied: string[]; pending: string[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("select to_regclass('schema_migrations') as table");
    const applied = exists.rows[0]?.table
      ? (await client.query<{ id: string }>('select id from schema_migrations order by id')).rows.map(
          (r) => r.id,
        )
      : [];
    return { applied, pending: migrations.map((m) => m.id).filter((id) => !applied.includes(id)) };
  } finally {
    await client.end();
  }
}
