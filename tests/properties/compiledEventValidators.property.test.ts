import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledPostEventValidators } from '../../projections/compiledEventValidators.js';
import { readPostEventMessage } from '../../projections/postEventMessage.js';
import { postEventSchemas } from '../../schemas/postEvents.js';
import { topicEventSchema } from '../../schemas/topicEvents.js';
import { postEvents } from '../projections/postEventFixtures.js';

const post = postEvents('seed-2022.L1.P1');
const details = { serviceArea: 'Social Work', grade: 'PO1', fte: 1, annualCostPence: 4_458_100 };
/** Valid events of many types, as the workflows publish them. */
const valid = [
  post.proposed(0, details),
  post.reserved(0, 4_458_100, 150_000_000, 4_458_100),
  post.shortfall(0, 4_458_100, 1_000, 0),
  post.approved(2),
  post.rejected(3),
  post.sentBack(3),
  post.revised(4, 'SO1', 3_886_700, 4_458_100),
  post.consulted(5, 'union', true),
  post.calledIn(8),
  post.advertised(10),
  post.applications(20, 2),
  post.routeStarted(22, 'international'),
  post.capReached(22, 20, 20),
  post.agencyCoverStarted(23, 0.5, 185_000),
  post.filled(40, 'international'),
  post.withdrawn(41),
].map((event) => JSON.parse(JSON.stringify(event)) as Record<string, unknown>);

/** An event changed the ways a broken or newer producer might change it. */
const changed = fc
  .tuple(
    fc.constantFrom(...valid),
    fc.constantFrom('envelope', 'data', 'actor'),
    fc.constantFrom('set', 'delete', 'add'),
    fc.nat(),
    fc.jsonValue(),
  )
  .map(([event, where, how, pick, value]) => {
    const copy = structuredClone(event) as Record<string, Record<string, unknown>>;
    const target: Record<string, unknown> =
      where === 'envelope' ? copy : (copy[where] as Record<string, unknown>);
    const keys = Object.keys(target);
    const key = how === 'add' ? `extra${pick % 3}` : (keys[pick % Math.max(1, keys.length)] ?? 'missing');
    if (how === 'delete') delete target[key];
    else target[key] = value;
    return copy as unknown;
  });

const fileOf = (value: unknown) => {
  const { type, version } = value as { type?: unknown; version?: unknown };
  return typeof type === 'string' && typeof version === 'number' ? `${type}.v${version}.json` : '';
};

describe('validators compiled from the generated JSON Schemas', () => {
  it('has one for every post event type and version', () => {
    expect(compiledPostEventValidators.size).toBe(postEventSchemas.length);
  });

  it('accept every valid event', () => {
    for (const event of valid)
      expect(compiledPostEventValidators.get(fileOf(event))?.(event), fileOf(event)).toBe(true);
  });

  it('accept an event only when the zod schema accepts it and parses it to itself', () => {
    fc.assert(
      fc.property(changed, (value) => {
        const validate = compiledPostEventValidators.get(fileOf(value));
        if (!validate?.(value)) return;
        const parsed = topicEventSchema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: 2_000 },
    );
  });

  it('read a hostile type or version without throwing', () => {
    const hostile = { ...valid[0], type: 'PostProposed', version: { toString: null } };
    expect(readPostEventMessage(JSON.stringify(hostile)).kind).toBe('malformed');
  });

  it('leave the reading of a message as the zod schema alone gives it', () => {
    fc.assert(
      fc.property(changed, (value) => {
        // Both read the same wire text (JSON has no -0, say, so the value itself may differ from it).
        const text = JSON.stringify(value);
        const message = readPostEventMessage(text);
        const parsed = topicEventSchema.safeParse(JSON.parse(text));
        if (message.kind === 'event') {
          expect(parsed.success).toBe(true);
          expect(message.event).toEqual(parsed.data);
        } else if (message.kind === 'malformed') {
          expect(parsed.success).toBe(false);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
