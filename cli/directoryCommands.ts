import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { readDirectoryFile } from '../directory/readDirectoryFile.js';
import type { Person } from '../schemas/person.js';
import { openSharedState } from '../storage/sharedState.js';
import type { CliIo } from './program.js';

function summary(people: readonly Person[]): string {
  const count = (role: Person['roles'][number], one: string, many: string) => {
    const n = people.filter((p) => p.roles.includes(role)).length;
    return `${n} ${n === 1 ? one : many}`;
  };
  const total = `${people.length} ${people.length === 1 ? 'person' : 'people'}`;
  return `${total}: ${count('director', 'director', 'directors')}, ${count('deputy', 'deputy', 'deputies')}, ${count('hr', 'HR officer', 'HR officers')}`;
}

/**
 * `directory import <file>` and `directory list`: an operator's tools on the server that keep the
 * staff directory (DIRECTORY_FILE, or PostgreSQL with DATABASE_URL). An import replaces the people (leave cover is kept) only when the
 * whole file is valid, and is recorded in the audit log under the operator's own login name.
 */
export function addDirectoryCommands(program: Command, io: CliIo, env: NodeJS.ProcessEnv): void {
  const directory = program.command('directory').description('Load or list the staff directory.');
  directory
    .command('import')
    .description('Replace the staff directory with the people in a .csv or .json file.')
    .addHelpText(
      'after',
      [
        '',
        'A .csv file has the header id,name,email,roles,service_areas,director_of,deputises_for,notifications',
        '(the first four required); lists are separated by ";", and * means every service area.',
        'A .json file holds an array of people with the same fields in camelCase. Rows are counted as',
        'in a spreadsheet: the header is row 1. Nothing changes unless the whole file is valid.',
      ].join('\n'),
    )
    .argument('<file>', 'the directory: .csv or .json')
    .option('--dry-run', 'check the file and say what it holds, without loading it', false)
    .action(async (file: string, options: { dryRun: boolean }) => {
      const people = await readDirectoryFile(file);
      if (options.dryRun) {
        io.out(`${file}: valid, ${summary(people)}. Nothing was loaded (--dry-run).`);
        return;
      }
      const config = loadConfig(env);
      const state = await openSharedState({ ...config, DIRECTORY_SEED_FILE: undefined });
      try {
        await state.directoryStore.replacePeople(people);
        await state.audit.record({
          id: randomUUID(),
          at: new Date().toISOString(),
          actor: { id: `operator:${userInfo().username}`, role: 'system' },
          channel: 'api',
          command: 'import-directory',
          target: 'directory',
          authority: 'operator on the server',
          reason: `${file}: ${summary(people)}`,
          outcome: 'accepted',
          status: 200,
        });
      } finally {
        await state.close();
      }
      io.out(
        `Loaded ${summary(people)} into ${config.DATABASE_URL ? 'the database' : config.DIRECTORY_FILE}.`,
      );
    });
  directory
    .command('list')
    .description('List the people in the staff directory.')
    .action(async () => {
      const state = await openSharedState({ ...loadConfig(env), DIRECTORY_SEED_FILE: undefined });
      await state.close();
      const store = state.directoryStore;
      for (const person of store.people()) {
        const areas = person.serviceAreas.join('; ') || '-';
        io.out(
          `${person.id.padEnd(20)} ${person.roles.join(', ').padEnd(24)} ${person.name} <${person.email}> (${areas})${person.active ? '' : ' [left]'}`,
        );
      }
      io.out(summary(store.people()));
    });
}
