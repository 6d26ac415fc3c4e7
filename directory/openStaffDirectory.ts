import type { Config } from '../config/index.js';
import { openFileDirectoryStore } from './fileDirectoryStore.js';
import { readDirectoryFile } from './readDirectoryFile.js';
import { StaffDirectory } from './staffDirectory.js';

/**
 * The staff directory at DIRECTORY_FILE. An empty one is first filled from DIRECTORY_SEED_FILE when
 * that is set (the embedded default sets examples/directory.csv, so the local sign-in page has
 * people to offer); production loads its directory with `npm run cli -- directory import`.
 */
export async function openStaffDirectory(
  config: Pick<Config, 'DIRECTORY_FILE' | 'DIRECTORY_SEED_FILE'>,
): Promise<StaffDirectory> {
  const store = await openFileDirectoryStore(config.DIRECTORY_FILE);
  if (store.people().length === 0 && config.DIRECTORY_SEED_FILE) {
    await store.replacePeople(await readDirectoryFile(config.DIRECTORY_SEED_FILE));
  }
  return new StaffDirectory(store);
}
