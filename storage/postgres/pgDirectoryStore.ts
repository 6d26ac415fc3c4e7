import type pg from 'pg';
import type { DirectoryState } from '../../directory/memoryDirectoryStore.js';
import type { DirectoryStore } from '../../directory/staffDirectory.js';
import { type LeaveDelegation, leaveDelegation, type Person, person } from '../../schemas/person.js';
import { inTransaction } from './database.js';

/** How often a reader checks whether another process (another replica, the CLI's import) changed it. */
const RECHECK_MILLIS = 1000;

async function readState(db: pg.Pool | pg.PoolClient): Promise<{ state: DirectoryState; version: string }> {
  const people = await db.query<{ person: unknown }>(
    'select person from directory_people order by position, id',
  );
  const delegations = await db.query<{ delegation: unknown }>(
    'select delegation from directory_leave_delegations order by seq',
  );
  const version = await db.query<{ version: string }>('select version from directory_version');
  return {
    state: {
      people: people.rows.map((row) => person.parse(row.person)),
      leaveDelegations: delegations.rows.map((row) => leaveDelegation.parse(row.delegation)),
    },
    version: version.rows[0]?.version ?? '0',
  };
}

/**
 * The staff directory in PostgreSQL, shared by every web replica and worker. Reads are answered from
 * a copy in memory (the directory's questions are synchronous, as with the file store) that is
 * reloaded within a second of another process's change; each write is one transaction that also
 * bumps the directory's version, and resolves once committed with this process's copy up to date.
 */
export async function openPgDirectoryStore(pool: pg.Pool): Promise<DirectoryStore> {
  let { state, version } = await readState(pool);
  let checkedAt = Date.now();
  let reloading = false;

  const fresh = (): DirectoryState => {
    if (reloading || Date.now() - checkedAt < RECHECK_MILLIS) return state;
    checkedAt = Date.now();
    reloading = true;
    // In the background: this call answers from what it has, the next from the new copy.
    pool
      .query<{ version: string }>('select version from directory_version')
      .then(async ({ rows }) => {
        if (rows[0]?.version === version) return;
        ({ state, version } = await readState(pool));
      })
      .catch(() => undefined)
      .finally(() => {
        reloading = false;
      });
    return state;
  };

  const change = <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> =>
    inTransaction(pool, async (client) => {
      // One change at a time, whichever process makes it: the version row is locked first. Without it
      // two replicas seeding an empty directory at once both inserted, and the second failed on a
      // duplicate key (the cluster's workers and web replicas start together).
      await client.query('select version from directory_version for update');
      const result = await work(client);
      await client.query('update directory_version set version = version + 1');
      ({ state, version } = await readState(client));
      return result;
    });

  const insertPeople = async (client: pg.PoolClient, people: readonly Person[]) => {
    if (people.length === 0) return;
    await client.query(
      `insert into directory_people (id, position, person)
       select p.person->>'id', p.position, p.person
       from jsonb_array_elements($1::jsonb) with ordinality as p(person, position)`,
      [JSON.stringify(people.map((one) => person.parse(one)))],
    );
  };

  return {
    people: () => fresh().people,
    leaveDelegations: () => fresh().leaveDelegations,
    replacePeople: (people) =>
      change(async (client) => {
        await client.query('delete from directory_people');
        await insertPeople(client, people);
      }),
    // As the file store does: the one person added or replaced, then everyone in id order.
    upsertPerson: (one) =>
      change(async (client) => {
        const parsed = person.parse(one);
        await client.query(
          `insert into directory_people (id, position, person) values ($1, 0, $2)
           on conflict (id) do update set person = excluded.person`,
          [parsed.id, parsed],
        );
        await client.query(
          `update directory_people d set position = r.n
           from (select id, row_number() over (order by id collate "C") as n from directory_people) r
           where d.id = r.id`,
        );
      }),
    addLeaveDelegation: (delegation) =>
      change(async (client) => {
        const parsed = leaveDelegation.parse(delegation);
        await client.query('insert into directory_leave_delegations (id, delegation) values ($1, $2)', [
          parsed.id,
          parsed,
        ]);
      }),
    cancelLeaveDelegation: (id, by, at) =>
      change(async (client): Promise<LeaveDelegation | undefined> => {
        const { rows } = await client.query<{ delegation: unknown }>(
          'select delegation from directory_leave_delegations where id = $1 for update',
          [id],
        );
        const found = rows[0] ? leaveDelegation.parse(rows[0].delegation) : undefined;
        if (!found || found.cancelledAt) return undefined;
        const cancelled: LeaveDelegation = { ...found, cancelledBy: by, cancelledAt: at };
        await client.query('update directory_leave_delegations set delegation = $2 where id = $1', [
          id,
          cancelled,
        ]);
        return cancelled;
      }),
  };
}
