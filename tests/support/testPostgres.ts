import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresBinDir, type RunningPostgres, startPrivatePostgres } from '../../infra/postgres.js';
import { freePort } from './testIdentityProvider.js';

/**
 * A throwaway PostgreSQL for one test file: Debian's binaries, a fresh cluster made with initdb in a
 * temporary folder, on a free loopback port; removed when stopped. TEST_DATABASE_URL would be the
 * way to point these tests at another server; this machine's own package is what they run against.
 */
export async function startTestPostgres(): Promise<RunningPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'council-posts-pg-'));
  const running = await startPrivatePostgres({
    binDir: postgresBinDir(),
    dataDir: join(dir, 'data'),
    socketDir: join(dir, 'socket'),
    host: '127.0.0.1',
    port: await freePort(),
  });
  return {
    ...running,
    async stop() {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
