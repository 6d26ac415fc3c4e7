import { appendFile, mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { auditEntry } from '../../audit/auditEntry.js';
import { jsonLinesAuditLog } from '../../audit/jsonLinesAuditLog.js';
import { auditEntryOf } from './auditEntries.js';
import { describeAuditLogContract } from './auditLogContract.js';

const directories: string[] = [];

async function scratchFile(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'audit-log-'));
  directories.push(directory);
  // A directory that does not exist yet: the log makes it.
  return join(directory, 'audit', 'commands.ndjson');
}

afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

describeAuditLogContract('jsonLinesAuditLog', async () => jsonLinesAuditLog(await scratchFile()));

describe('jsonLinesAuditLog', () => {
  it('keeps its entries through a reopen and appends after them, leaving the old lines as they were', async () => {
    const file = await scratchFile();
    const before = [
      auditEntryOf(),
      auditEntryOf({ outcome: 'refused', status: 409, refusal: 'already decided' }),
    ];
    const first = jsonLinesAuditLog(file);
    for (const entry of before) await first.record(entry);
    const written = await readFile(file, 'utf8');

    const reopened = jsonLinesAuditLog(file);
    expect(await reopened.all()).toEqual(before);
    const after = auditEntryOf({ command: 'withdraw', actor: { id: 'hr.sam', role: 'hr' } });
    await reopened.record(after);

    const text = await readFile(file, 'utf8');
    expect(text.startsWith(written)).toBe(true);
    expect(await jsonLinesAuditLog(file).all()).toEqual([...before, after]);
  });

  it('writes one JSON entry a line, each line ended by a newline', async () => {
    const file = await scratchFile();
    const log = jsonLinesAuditLog(file);
    const entries = [auditEntryOf(), auditEntryOf({ reason: 'Two lines\nof reason, with "quotes"' })];
    for (const entry of entries) await log.record(entry);
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => auditEntry.parse(JSON.parse(line)))).toEqual(entries);
  });

  it('flushes each entry to disk (fsync) before record resolves', async () => {
    const file = await scratchFile();
    const log = jsonLinesAuditLog(file);
    await log.record(auditEntryOf());
    const probe = await open(file, 'r');
    const sync = vi.spyOn(Object.getPrototypeOf(probe) as { sync(): Promise<void> }, 'sync');
    await probe.close();
    try {
      await log.record(auditEntryOf());
      await log.record(auditEntryOf());
      expect(sync).toHaveBeenCalledTimes(2);
    } finally {
      sync.mockRestore();
    }
  });

  it('keeps concurrent records whole and in the order they were made', async () => {
    const log = jsonLinesAuditLog(await scratchFile());
    const entries = Array.from({ length: 20 }, (_, index) => auditEntryOf({ command: `command-${index}` }));
    await Promise.all(entries.map((entry) => log.record(entry)));
    expect(await log.all()).toEqual(entries);
  });

  it('starts a new line after a torn last line, and skips the torn one when reading', async () => {
    const file = await scratchFile();
    const whole = auditEntryOf();
    await jsonLinesAuditLog(file).record(whole);
    await appendFile(file, '{"id":"torn-by-a-cra');
    const next = auditEntryOf({ command: 'withdraw' });
    await jsonLinesAuditLog(file).record(next);
    expect(await jsonLinesAuditLog(file).all()).toEqual([whole, next]);
  });

  it('reads a log that has not been written yet as empty', async () => {
    expect(await jsonLinesAuditLog(await scratchFile()).all()).toEqual([]);
  });
});
