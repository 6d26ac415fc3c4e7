import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { postEventSchemas } from '../schemas/postEvents.js';

/**
 * Validators compiled once from the generated JSON Schemas (schemas/json, made from the zod schemas
 * by scripts/generateEventSchemas.ts and checked in CI), for the rebuild's hot path: a compiled
 * validator checks an event several times faster than the zod schema parses it. Post events only:
 * an establishment baseline has a rule JSON Schema cannot say (FTE to six decimal places), and is rare.
 * The formats need no validator of their own: every one also carries its pattern.
 */
const directory = new URL('../schemas/json/', import.meta.url);
const ajv = new Ajv2020({ validateFormats: false, strict: false });

/** By file name, `PostProposed.v1.json`: one validator per event type and version. */
export const compiledPostEventValidators: ReadonlyMap<string, (value: unknown) => boolean> = new Map(
  postEventSchemas.map((schema) => {
    const file = `${schema.shape.type.value}.v${schema.shape.version.value}.json`;
    const validate = ajv.compile(JSON.parse(readFileSync(new URL(file, directory), 'utf8')));
    return [file, (value: unknown) => validate(value) === true] as const;
  }),
);
