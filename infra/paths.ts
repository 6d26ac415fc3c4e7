import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the local infrastructure lives: binaries in a per-user cache, data in the checkout. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** infra/versions.env, the one place versions are pinned (also sourced by scripts/provision.sh). */
export function readVersions(file = join(repoRoot, 'infra', 'versions.env')): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(\S*)/.exec(line);
    if (match?.[1] && match[2] !== undefined) versions[match[1]] = match[2];
  }
  return versions;
}

function requiredVersion(versions: Record<string, string>, key: string): string {
  const value = versions[key];
  if (!value) throw new Error(`infra/versions.env has no ${key}`);
  return value;
}

export interface LocalPaths {
  cacheDir: string;
  dataDir: string;
  temporalCli: string;
  temporalDbFile: string;
  testServerExecutable: string;
  kafkaLibs: string;
  kafkaDataDir: string;
  logDir: string;
  runDir: string;
  versions: Record<string, string>;
}

export function localPaths(env: NodeJS.ProcessEnv = process.env): LocalPaths {
  const versions = readVersions();
  const cacheDir = env.COUNCIL_POSTS_CACHE ?? join(homedir(), '.cache', 'council-posts');
  const dataDir = env.COUNCIL_POSTS_DATA ?? join(repoRoot, '.local');
  const testServerVersion = requiredVersion(versions, 'TEMPORAL_TEST_SERVER_VERSION');
  return {
    cacheDir,
    dataDir,
    temporalCli: join(
      cacheDir,
      'temporal-cli',
      requiredVersion(versions, 'TEMPORAL_CLI_VERSION'),
      'temporal',
    ),
    temporalDbFile: join(dataDir, 'temporal', 'temporal.db'),
    testServerExecutable: join(cacheDir, 'temporal-test-server', testServerVersion, 'temporal-test-server'),
    kafkaLibs: join(cacheDir, 'kafka', requiredVersion(versions, 'KAFKA_VERSION'), 'libs'),
    kafkaDataDir: join(dataDir, 'kafka'),
    logDir: join(dataDir, 'logs'),
    runDir: join(dataDir, 'run'),
    versions,
  };
}
