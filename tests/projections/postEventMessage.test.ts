import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { emptyDashboard } from '../../projections/dashboardModel.js';
import { applyMessage, readPostEventMessage } from '../../projections/postEventMessage.js';
import { asMessage, baselineRecorded, day, postEvents } from './postEventFixtures.js';

const details = { serviceArea: 'Kinship', grade: 'PO3', fte: 1, annualCostPence: 5_152_400 };

describe('reading a message from the post events topic', () => {
  it('reads a valid event', () => {
    const event = postEvents('m-1').proposed(0, details);
    expect(readPostEventMessage(Buffer.from(asMessage(event)))).toEqual({
      kind: 'event',
      event,
      unknownFields: [],
    });
  });

  it('calls a value that is not JSON malformed, naming why', () => {
    expect(readPostEventMessage(Buffer.from('{"eventId": '))).toMatchObject({
      kind: 'malformed',
      reason: 'not-json',
    });
    expect(readPostEventMessage(null)).toMatchObject({ kind: 'malformed', reason: 'no-value' });
  });

  it('calls an event that breaks its schema malformed, naming the field', () => {
    const event = postEvents('m-2').reserved(0, 100);
    const broken = { ...event, data: { ...event.data, amountPence: 12.5 } };
    const read = readPostEventMessage(asMessage(broken));
    expect(read).toMatchObject({ kind: 'malformed', reason: 'invalid-event' });
    expect(read.kind === 'malformed' && read.detail).toMatch(/data\.amountPence/);
  });

  it('tells an unknown type and a newer version apart from a malformed message', () => {
    const known = postEvents('m-3').filled(50);
    expect(readPostEventMessage(asMessage({ ...known, type: 'PostTeleported' }))).toEqual({
      kind: 'unknown-type',
      type: 'PostTeleported',
      eventId: known.eventId,
    });
    expect(readPostEventMessage(asMessage({ ...known, version: 2, data: { changed: true } }))).toEqual({
      kind: 'newer-version',
      type: 'PostFilled',
      version: 2,
      eventId: known.eventId,
    });
  });

  it('reads an event carrying a newer producer’s optional field, keeping and naming the field', () => {
    const event = postEvents('m-4').held(30);
    const newer = { ...event, data: { ...event.data, reviewOn: '2022-09-01' } };
    const read = readPostEventMessage(asMessage(newer));
    expect(read).toEqual({ kind: 'event', event: newer, unknownFields: ['data.reviewOn'] });
  });
});

describe('applying messages to the model', () => {
  it('counts and skips an unknown type and a newer version, once each however often they are delivered', () => {
    const post = postEvents('m-5');
    const proposed = post.proposed(0, details);
    const filledV2 = { ...post.filled(50), version: 2 };
    const teleported = { ...post.held(20), type: 'PostTeleported' };
    const model = emptyDashboard();
    const outcomes = [proposed, filledV2, teleported, teleported, filledV2].map(
      (value) => applyMessage(model, asMessage(value)).outcome.kind,
    );
    expect(outcomes).toEqual(['applied', 'newer-version', 'unknown-type', 'duplicate', 'duplicate']);
    expect(model.messages).toMatchObject({
      applied: 1,
      duplicates: 2,
      unknownType: { PostTeleported: 1 },
      newerVersion: { 'PostFilled v2': 1 },
      malformed: 0,
    });
    expect(model.posts['m-5']?.stage).toBe('budget-check');
  });

  it('counts a malformed message and goes on with the next', () => {
    const post = postEvents('m-6');
    const model = emptyDashboard();
    applyMessage(model, 'not json at all');
    applyMessage(model, asMessage({ ...post.approved(3), eventId: 'not-a-uuid' }));
    applyMessage(model, asMessage(post.proposed(0, details)));
    expect(model.messages).toMatchObject({ applied: 1, malformed: 2 });
    expect(dashboardFigures(model).pipeline.find((entry) => entry.stage === 'budget-check')?.posts).toBe(1);
  });

  it('ignores a duplicate message: the same event id applied again has no effect', () => {
    const post = postEvents('m-7');
    const model = emptyDashboard();
    const reserved = asMessage(post.reserved(0, 5_152_400));
    expect(applyMessage(model, asMessage(post.proposed(0, details))).outcome.kind).toBe('applied');
    expect(applyMessage(model, reserved).outcome.kind).toBe('applied');
    const before = structuredClone(model);
    const again = applyMessage(model, reserved);
    expect(again.outcome).toEqual({
      kind: 'duplicate',
      eventId: JSON.parse(reserved).eventId,
      postId: 'm-7',
    });
    expect(model.posts).toEqual(before.posts);
    expect(model.messages.duplicates).toBe(1);
  });

  it('keeps a post id such as constructor to itself', () => {
    const model = emptyDashboard();
    const event = {
      ...postEvents('constructor').proposed(0, details),
      eventId: randomUUID(),
      occurredAt: day(1),
    };
    expect(applyMessage(model, asMessage(event)).outcome.kind).toBe('applied');
    expect(Object.keys(model.posts)).toEqual(['constructor']);
  });
});

describe('an establishment baseline on the post events topic', () => {
  const baseline = () => baselineRecorded('2022-06-30', [{ establishmentFte: 500, vacantFte: 71.5 }]);

  it('is applied to the model, not taken for a post, and counted once however often it comes', () => {
    const model = emptyDashboard();
    const event = baseline();
    expect(applyMessage(model, asMessage(event)).outcome).toEqual({
      kind: 'applied',
      event,
      unknownFields: [],
    });
    expect(applyMessage(model, asMessage(event)).outcome).toEqual({
      kind: 'duplicate',
      eventId: event.eventId,
    });
    expect(model.posts).toEqual({});
    expect(model.messages).toMatchObject({ applied: 1, duplicates: 1 });
    expect(dashboardFigures(model).vacancies.total.vacantFte).toBe(71.5);
  });

  it('is malformed when its figures break the schema, naming the field', () => {
    const event = baseline();
    const broken = {
      ...event,
      data: { ...event.data, rows: [{ establishmentFte: 500, vacantFte: '71.5' }] },
    };
    const read = readPostEventMessage(asMessage(broken));
    expect(read).toMatchObject({ kind: 'malformed', reason: 'invalid-event' });
    expect(read.kind === 'malformed' && read.detail).toMatch(/data\.rows\.0\.vacantFte/);
  });
});
