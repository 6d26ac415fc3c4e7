import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresFolder, traversableByOthers } from '../../infra/postgres.js';

describe('the folder of a private PostgreSQL cluster', () => {
  const closed = mkdtempSync(join(tmpdir(), 'closed-'));
  chmodSync(closed, 0o700);
  const open = mkdtempSync(join(tmpdir(), 'open-'));
  chmodSync(open, 0o755);
  mkdirSync(join(open, 'checkout'), { mode: 0o755 });

  it('stays in the checkout where the postgres user can reach it', () => {
    const preferred = join(open, 'checkout', '.local', 'cluster', 'postgresql');
    expect(traversableByOthers(preferred)).toBe(true);
    expect(postgresFolder(preferred, true)).toBe(preferred);
  });

  it('moves under /var/lib/council-posts when root runs it from a folder postgres cannot pass through (a mktemp -d clone)', () => {
    const preferred = join(closed, 'checkout', '.local', 'cluster', 'postgresql');
    expect(traversableByOthers(preferred)).toBe(false);
    const moved = postgresFolder(preferred, true);
    expect(moved).toMatch(/^\/var\/lib\/council-posts\/postgresql-[0-9a-f]{12}$/);
    // The same checkout always gets the same folder; another checkout another one.
    expect(postgresFolder(preferred, true)).toBe(moved);
    expect(postgresFolder(join(closed, 'other', 'postgresql'), true)).not.toBe(moved);
  });

  it('stays where it is when not run by root (PostgreSQL then runs as the same user)', () => {
    const preferred = join(closed, 'checkout', 'postgresql');
    expect(postgresFolder(preferred, false)).toBe(preferred);
  });
});
