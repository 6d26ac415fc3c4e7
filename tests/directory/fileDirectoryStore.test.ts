import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileDirectoryStore } from '../../directory/fileDirectoryStore.js';
import { examplePeople } from '../support/exampleDirectory.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'directory-')), 'people.json');

describe('the staff directory in a file', () => {
  it('keeps people and leave cover across a reopen, and cancels cover with who and when', async () => {
    const file = fresh();
    const store = await openFileDirectoryStore(file);
    await store.replacePeople(examplePeople());
    await store.addLeaveDelegation({
      id: 'leave-1',
      directorId: 'director.julie',
      deputyId: 'deputy.farrah',
      from: '2026-12-07',
      to: '2026-12-11',
      reason: 'Annual leave',
      createdBy: 'director.julie',
      createdAt: '2026-12-01T09:00:00.000Z',
    });
    const reopened = await openFileDirectoryStore(file);
    expect(reopened.people().map((person) => person.id)).toEqual(examplePeople().map((person) => person.id));
    const cancelled = await reopened.cancelLeaveDelegation(
      'leave-1',
      'director.julie',
      '2026-12-02T10:00:00.000Z',
    );
    expect(cancelled).toMatchObject({
      cancelledBy: 'director.julie',
      cancelledAt: '2026-12-02T10:00:00.000Z',
    });
    expect((await openFileDirectoryStore(file)).leaveDelegations()[0]?.cancelledAt).toBe(
      '2026-12-02T10:00:00.000Z',
    );
  });

  it('updates one person from sign-in without touching the others', async () => {
    const store = await openFileDirectoryStore(fresh());
    await store.replacePeople(examplePeople());
    const julie = store.people().find((person) => person.id === 'director.julie');
    await store.upsertPerson({ ...(julie as NonNullable<typeof julie>), name: 'Julie Longworth-Smith' });
    expect(store.people().find((person) => person.id === 'director.julie')?.name).toBe(
      'Julie Longworth-Smith',
    );
    expect(store.people()).toHaveLength(examplePeople().length);
  });

  it('refuses a file that is not a directory, saying so', async () => {
    const file = fresh();
    const store = await openFileDirectoryStore(file);
    await store.replacePeople(examplePeople());
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, JSON.stringify({ people: [{ id: 'x' }] }));
    await expect(openFileDirectoryStore(file)).rejects.toThrow(/is not valid/);
  });
});
