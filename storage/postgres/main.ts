/**
 * `npm run db -- migrate | status`: the product's tables in the PostgreSQL database at DATABASE_URL.
 * The cluster profile migrates on `up`; a deployment runs `migrate` before starting new processes.
 */
import { loadConfig } from '../../config/index.js';
import { migrateDatabase, migrationStatus } from './migrations.js';

const say = (line: string) => process.stdout.write(`[db] ${line}\n`);

async function main(command: string | undefined): Promise<number> {
  const url = loadConfig().DATABASE_URL;
  if (!url) {
    process.stderr.write(
      '[db] error: DATABASE_URL is not set (the embedded default keeps its files and needs no database)\n',
    );
    return 2;
  }
  switch (command) {
    case 'migrate':
      await migrateDatabase(url, say);
      return 0;
    case 'status': {
      const { applied, pending } = await migrationStatus(url);
      say(`applied: ${applied.join(', ') || 'none'}`);
      say(`pending: ${pending.join(', ') || 'none'}`);
      return pending.length === 0 ? 0 : 1;
    }
    default:
      process.stderr.write('usage: npm run db -- migrate | status\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[db] error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
