import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { topicEventTypes } from '../../schemas/topicEvents.js';
import { defaultSchemaDirectory, differences, eventSchemaFiles } from '../../scripts/generateEventSchemas.js';

const run = promisify(execFile);
const generator = ['tsx', 'scripts/generateEventSchemas.ts'];
let scratch: string | undefined;

afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
});

async function copyOfSchemas(): Promise<string> {
  scratch = await mkdtemp(join(tmpdir(), 'event-schemas-'));
  await cp(defaultSchemaDirectory, scratch, { recursive: true });
  return scratch;
}

describe('the JSON Schemas generated from the zod event schemas', () => {
  it('are checked in exactly as the zod schemas generate them', async () => {
    expect(await differences(defaultSchemaDirectory)).toEqual([]);
  });

  it('have one file per event type and version, listed in the index', async () => {
    const files = eventSchemaFiles();
    expect([...files.keys()].sort()).toEqual(
      [...topicEventTypes.map((type) => `${type}.v1.json`), 'index.json'].sort(),
    );
    const index = JSON.parse(await readFile(join(defaultSchemaDirectory, 'index.json'), 'utf8'));
    expect(index.events).toContainEqual({ type: 'PostFilled', version: 1, schema: 'PostFilled.v1.json' });
    const filled = JSON.parse(await readFile(join(defaultSchemaDirectory, 'PostFilled.v1.json'), 'utf8'));
    expect(filled.properties.type).toEqual({ type: 'string', const: 'PostFilled' });
    expect(filled.required).toEqual([
      'eventId',
      'postId',
      'proposalId',
      'occurredAt',
      'actor',
      'type',
      'version',
      'data',
    ]);
  });

  it('pass the generator’s --check', async () => {
    const { stdout } = await run('npx', [...generator, '--check']);
    expect(stdout).toMatch(/up to date/);
  });

  it('fail the --check when a file was edited by hand, is missing or is left over', async () => {
    const directory = await copyOfSchemas();
    const held = join(directory, 'PostHeld.v1.json');
    const edited = JSON.parse(await readFile(held, 'utf8'));
    edited.properties.data.required = [];
    await writeFile(held, JSON.stringify(edited));
    await rm(join(directory, 'PostFilled.v1.json'));
    await writeFile(join(directory, 'PostTeleported.v1.json'), '{}');
    const failed = await run('npx', [...generator, '--check', '--out', directory]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/PostHeld\.v1\.json: differs/);
    expect(failed?.stderr).toMatch(/PostFilled\.v1\.json: missing/);
    expect(failed?.stderr).toMatch(/PostTeleported\.v1\.json: not generated/);
  });

  it('ignore layout: a reformatted file with the same content passes', async () => {
    const directory = await copyOfSchemas();
    const held = join(directory, 'PostHeld.v1.json');
    await writeFile(held, JSON.stringify(JSON.parse(await readFile(held, 'utf8'))));
    expect(await differences(directory)).toEqual([]);
  });
});
