/**
 * Generates the JSON Schema of every event on the post events topic from the zod schemas
 * (schemas/postEvents.ts, schemas/establishmentEvents.ts), one
 * file per event and version (`schemas/json/PostProposed.v1.json`) and an index. Downstream
 * consumers read these; they are never edited by hand.
 *
 *   npx tsx scripts/generateEventSchemas.ts            write the files (then formats them with biome)
 *   npx tsx scripts/generateEventSchemas.ts --check    exit 1 if the files differ from what would be written
 *   --out <dir>                                        another directory (default schemas/json)
 *
 * The check compares content, not layout: the files are formatted by biome like every other file,
 * and a change of layout alone is not a change of contract.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { z } from 'zod';
import { establishmentEventKey } from '../schemas/establishmentEvents.js';
import { topicEventSchemas } from '../schemas/topicEvents.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultSchemaDirectory = join(projectRoot, 'schemas', 'json');

const fileOf = (type: string, version: number) => `${type}.v${version}.json`;
const doNotEditFrom = (source: string) =>
  `Generated from ${source} by scripts/generateEventSchemas.ts: do not edit.`;
const doNotEdit = doNotEditFrom('schemas/postEvents.ts');

/** Every file the generator writes, by name, as a JSON value. */
export function eventSchemaFiles(): Map<string, unknown> {
  const files = new Map<string, unknown>();
  const index: { type: string; version: number; schema: string }[] = [];
  for (const schema of topicEventSchemas) {
    const type = schema.shape.type.value;
    const version = schema.shape.version.value;
    const name = fileOf(type, version);
    const generated = z.toJSONSchema(schema);
    const ofPost = 'postId' in schema.shape;
    const key = ofPost ? 'keyed by post id' : `keyed "${establishmentEventKey}" (not a post's event)`;
    const generatedFrom = ofPost ? doNotEdit : doNotEditFrom('schemas/establishmentEvents.ts');
    files.set(name, {
      $schema: generated.$schema,
      $id: name,
      title: `${type} v${version}`,
      description: `The ${type} event, version ${version}, as published on the post events topic (POST_EVENTS_TOPIC, default post-events), ${key}. ${generatedFrom}`,
      ...generated,
    });
    index.push({ type, version, schema: name });
  }
  files.set('index.json', {
    description: `Every event type and version on the post events topic, and the file of its JSON Schema. ${doNotEditFrom('schemas/topicEvents.ts')}`,
    events: index,
  });
  return files;
}

/** What is on disk and differs from what would be generated: missing, changed and stale files. */
export async function differences(directory: string): Promise<string[]> {
  const expected = eventSchemaFiles();
  const found: string[] = [];
  const present = new Set(
    await readdir(directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    }),
  );
  for (const [name, value] of expected) {
    if (!present.has(name)) {
      found.push(`${name}: missing`);
      continue;
    }
    let onDisk: unknown;
    try {
      onDisk = JSON.parse(await readFile(join(directory, name), 'utf8'));
    } catch {
      found.push(`${name}: not JSON`);
      continue;
    }
    // Key order matters to readers of the files, so compare as serialised, not as sets of keys.
    if (JSON.stringify(onDisk) !== JSON.stringify(value)) found.push(`${name}: differs`);
  }
  for (const name of present) {
    if (name.endsWith('.json') && !expected.has(name))
      found.push(`${name}: not generated (a removed event?)`);
  }
  return found.sort();
}

/** Writes every file, removes JSON files no event produces, and formats them as biome would. */
export async function writeEventSchemaFiles(directory: string): Promise<string[]> {
  const files = eventSchemaFiles();
  await mkdir(directory, { recursive: true });
  for (const name of await readdir(directory)) {
    if (name.endsWith('.json') && !files.has(name)) await rm(join(directory, name));
  }
  const written: string[] = [];
  for (const [name, value] of files) {
    const path = join(directory, name);
    await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
    written.push(path);
  }
  const biome = join(projectRoot, 'node_modules', '.bin', 'biome');
  await promisify(execFile)(biome, ['format', '--write', ...written], { cwd: projectRoot }).catch(
    (error: Error) => {
      process.stderr.write(`biome did not format the files (${error.message}); run npm run format\n`);
    },
  );
  return written;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  const directory = resolve(values.out ?? defaultSchemaDirectory);
  if (values.check) {
    const found = await differences(directory);
    if (found.length > 0) {
      process.stderr.write(
        `The event JSON Schemas in ${directory} are not what schemas/topicEvents.ts generates:\n  ${found.join('\n  ')}\nRun: npx tsx scripts/generateEventSchemas.ts\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `The ${eventSchemaFiles().size} event JSON Schema files in ${directory} are up to date.\n`,
    );
    return;
  }
  const written = await writeEventSchemaFiles(directory);
  process.stdout.write(`Wrote ${written.length} files to ${directory}.\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
