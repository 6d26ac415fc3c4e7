import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type PostEventType, postEventSchema, postEventSchemas } from '../../schemas/postEvents.js';

/**
 * Properties of the event schemas: what consumers read from Kafka. Valid events survive JSON (the
 * wire format); each kind of corruption is refused naming the field; nothing hostile ever makes
 * parsing throw.
 */

const numRuns = 40;

/** Valid `data` for every event type: the test fails if an event type is added without a row here. */
const validData: Readonly<Record<PostEventType, Record<string, unknown>>> = {
  PostProposed: {
    serviceArea: 'Children’s Social Work Service',
    jobTitle: 'Social Worker',
    grade: 'PO3',
    annualCostPence: 4_962_900,
    fte: 1,
    funding: 'allocation',
    backfillOf: 'seed-2022.L1.P1',
  },
  BudgetReserved: { amountPence: 4_962_900, allocationPence: 150_000_000, committedPence: 4_962_900 },
  BudgetShortfall: {
    amountPence: 4_962_900,
    allocationPence: 1_000,
    committedPence: 0,
    shortfallPence: 4_961_900,
  },
  BudgetReleased: { amountPence: 4_962_900, reason: 'Post withdrawn' },
  ApprovalReminderSent: { to: 'director.julie', workingDaysWaiting: 5 },
  ApprovalEscalated: { to: 'deputy.farrah', workingDaysWaiting: 10 },
  DecisionDelegated: { delegateId: 'deputy.farrah', from: '2022-07-01', to: '2022-07-08', reason: 'Leave' },
  PostApproved: { authority: 'director', reason: 'Meets rising demand' },
  PostRejected: { authority: 'director', reason: 'Not affordable', stage: 'awaiting-approval' },
  PostSentBack: { authority: 'director', reason: 'Check the grade' },
  PostRevised: {
    jobTitle: 'Senior Social Worker',
    grade: 'PO4',
    annualCostPence: 5_200_000,
    previousAnnualCostPence: 4_962_900,
    reason: 'Regraded',
  },
  ConsultationResponseRecorded: { party: 'union', outcome: 'no-concerns', summary: 'Welcomed' },
  ConsultationConcernsResolved: { decision: 'proceed', authority: 'director', reason: 'Concerns answered' },
  ConsultationCompleted: {},
  CallInPeriodStarted: { endsOn: '2022-07-08', workingDays: 5 },
  DecisionCalledIn: { board: 'Children and Families Scrutiny Board', reason: 'Workforce plan' },
  CallInOutcomeRecorded: { outcome: 'decision-stands', reason: 'Board supports it' },
  CallInPeriodEnded: {},
  AdvertPublished: {
    channels: ['council-jobs-page', 'professional-boards'],
    opensOn: '2022-07-11',
    closesOn: '2022-07-25',
    ringFence: 'external',
    advertNumber: 1,
  },
  AdvertClosed: { advertNumber: 1 },
  ApplicationsRecorded: { advertNumber: 1, received: 12, suitable: 4 },
  AdvertsExhausted: { adverts: 3 },
  PostHeld: { reason: 'Nobody suitable' },
  RecruitmentRouteStarted: { route: 'standard', reason: 'Four suitable applicants' },
  InternationalCapReached: { cap: 10, recruited: 10 },
  CandidatesShortlisted: { candidateRefs: ['cand-0042', 'cand-0043'] },
  InterviewOutcomeRecorded: { candidateRef: 'cand-0042', outcome: 'appointable' },
  OfferMade: { candidateRef: 'cand-0042' },
  OfferAccepted: { candidateRef: 'cand-0042' },
  OfferDeclined: { candidateRef: 'cand-0042' },
  PreEmploymentCheckRecorded: {
    candidateRef: 'cand-0042',
    check: 'professional-registration',
    outcome: 'clear',
    registrationBody: 'social-work-england',
  },
  CertificateOfSponsorshipAssigned: { candidateRef: 'cand-0042', certificateRef: 'cos-001' },
  VisaDecisionRecorded: { candidateRef: 'cand-0042', outcome: 'granted' },
  OverseasRegistrationConfirmed: { candidateRef: 'cand-0042', registrationRef: 'swe-123' },
  RecruitArrived: { candidateRef: 'cand-0042', arrivedOn: '2022-09-01' },
  RouteEndedUnfilled: { reason: 'Nobody appointable' },
  ApprenticeEnrolled: {
    employeeRef: 'emp-0007',
    provider: 'Leeds Beckett University',
    startsOn: '2022-09-01',
    expectedQualificationOn: '2025-07-31',
  },
  ApprenticeQualified: { employeeRef: 'emp-0007', qualifiedOn: '2025-07-31' },
  StepUpCohortJoined: { traineeRef: 'trainee-01', cohort: 'Step Up 8', startsOn: '2023-01-09' },
  AgencyCoverStarted: { agencyRef: 'agency-17', startsOn: '2022-07-04', weeklyCostPence: 180_000, fte: 0.5 },
  AgencyCoverEnded: { agencyRef: 'agency-17', endsOn: '2022-09-30', reason: 'Post filled' },
  PostFilled: { personRef: 'cand-0042', startsOn: '2022-10-03', route: 'international' },
  BackfillPostStarted: { backfillPostId: 'seed-2022.L1.P1.backfill', vacatedPostRef: 'post-991' },
  PostWithdrawn: { reason: 'No longer needed', stage: 'advertising' },
};

type EventSchema = (typeof postEventSchemas)[number];
type Json = Record<string, unknown>;

const dataShapeOf = (schema: EventSchema): Record<string, z.ZodType> => schema.shape.data.shape;
const dataKeysOf = (schema: EventSchema) => Object.keys(dataShapeOf(schema));

/** A field of free text: a plain string with no format, pattern or bound (reason, jobTitle, summary…). */
function isFreeText(field: z.ZodType | undefined): boolean {
  if (!field) return false;
  const def = field._zod.def as { type: string; checks?: unknown[]; format?: string };
  return def.type === 'string' && !def.format && (def.checks?.length ?? 0) === 0;
}

const pathOf = (issue: z.core.$ZodIssue) => issue.path.map(String).join('.');

/** The event arbitrary for one schema: a valid envelope and the table's data with money and FTE varied. */
function validEvent(schema: EventSchema): fc.Arbitrary<Json> {
  const type = schema.shape.type.value;
  const data = validData[type];
  const varied: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, value] of Object.entries(data)) {
    if (key.endsWith('Pence')) varied[key] = fc.maxSafeNat();
    else if (key === 'fte') varied[key] = fc.double({ min: 0, max: 1, minExcluded: true, noNaN: true });
    else varied[key] = fc.constant(value);
  }
  return fc.record({
    eventId: fc.uuid(),
    postId: fc
      .tuple(fc.stringMatching(/^[a-z0-9]{1,12}$/), fc.nat(20), fc.nat(20))
      .map(([proposal, line, post]) => `${proposal}.L${line}.P${post}`),
    proposalId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,40}$/),
    occurredAt: fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString()),
    actor: fc.constantFrom(
      { id: 'director.julie', role: 'director' },
      { id: 'hr.sam', role: 'hr' },
      { id: 'system', role: 'system' },
    ),
    type: fc.constant(type),
    version: fc.constant(1),
    data: fc.record(varied),
  });
}

/** Every event type, with a valid event of it. */
const anyValidEvent = fc
  .constantFrom(...postEventSchemas)
  .chain((schema) => validEvent(schema).map((event) => ({ schema, event })));

const withData = (event: Json, patch: Json): Json => ({
  ...event,
  data: { ...(event.data as Json), ...patch },
});

/** Asserts the mutated event is refused, by its own schema and by the union, naming `field`. */
function expectRefusedNaming(schema: EventSchema, event: Json, field: string) {
  for (const parser of [schema, postEventSchema] as const) {
    const result = parser.safeParse(event);
    expect(result.success, `${field} of ${JSON.stringify(event).slice(0, 300)}`).toBe(false);
    expect(result.error?.issues.map(pathOf)).toContain(field);
  }
}

const hostileString = fc.oneof(
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE posts; --",
    "1' OR '1'='1",
    '\u0000\u0001\u0007\u001b[31m\u007f',
    '\u202eevil\u200b\u2066',
    '\ud800 lone surrogate \udfff',
    '{{7*7}} \u0024{process.exit(1)}',
    '__proto__',
    '../../etc/passwd',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.nat({ max: 200_000 }).map((length) => `<b>${'x'.repeat(length)}</b>`),
);

describe('event schemas (property-based)', () => {
  it('has a row of valid data for every event type, accepted as it stands', () => {
    expect(Object.keys(validData).sort()).toEqual(postEventSchemas.map((s) => s.shape.type.value).sort());
  });

  it('accepts every valid event and keeps it unchanged through a JSON round trip', () => {
    fc.assert(
      fc.property(anyValidEvent, ({ schema, event }) => {
        const parsed = schema.parse(event);
        expect(parsed).toEqual(event);
        const wire = JSON.parse(JSON.stringify(parsed)) as unknown;
        expect(postEventSchema.parse(wire)).toEqual(parsed);
      }),
      { numRuns: numRuns * 4 },
    );
  });

  it('refuses negative or fractional pence in any *Pence field, naming it', () => {
    const withPence = postEventSchemas.filter((schema) =>
      dataKeysOf(schema).some((k) => k.endsWith('Pence')),
    );
    expect(withPence.length).toBeGreaterThan(0);
    const badPence = fc.oneof(
      fc.integer({ min: Number.MIN_SAFE_INTEGER, max: -1 }),
      fc.double({ min: -1e15, max: 1e15, noNaN: true }).filter((x) => !Number.isInteger(x)),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...withPence).chain((schema) =>
          fc.record({
            schema: fc.constant(schema),
            event: validEvent(schema),
            key: fc.constantFrom(...dataKeysOf(schema).filter((k) => k.endsWith('Pence'))),
            value: badPence,
          }),
        ),
        ({ schema, event, key, value }) => {
          expectRefusedNaming(schema, withData(event, { [key]: value }), `data.${key}`);
        },
      ),
      { numRuns },
    );
  });

  it('refuses an FTE of 0, below 0 or over 1, naming it', () => {
    const withFte = postEventSchemas.filter((schema) => dataKeysOf(schema).includes('fte'));
    expect(withFte.length).toBeGreaterThan(0);
    const badFte = fc.oneof(
      fc.constantFrom(0, -0, Number.POSITIVE_INFINITY),
      fc.double({ min: 1, max: 1e9, minExcluded: true, noNaN: true }),
      fc.double({ min: -1e9, max: 0, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc
          .constantFrom(...withFte)
          .chain((schema) =>
            fc.record({ schema: fc.constant(schema), event: validEvent(schema), value: badFte }),
          ),
        ({ schema, event, value }) => {
          expectRefusedNaming(schema, withData(event, { fte: value }), 'data.fte');
        },
      ),
      { numRuns },
    );
  });

  it('refuses an eventId that is not a UUID, naming it', () => {
    const notUuid = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.uuid().map((id) => id.replaceAll('-', '')),
      fc.uuid().map((id) => `${id}x`),
      fc.uuid().map((id) => `{${id}}`),
    );
    fc.assert(
      fc.property(anyValidEvent, notUuid, ({ schema, event }, eventId) => {
        fc.pre(!z.uuid().safeParse(eventId).success);
        expectRefusedNaming(schema, { ...event, eventId }, 'eventId');
      }),
      { numRuns },
    );
  });

  it('refuses an occurredAt that is not an ISO instant with an offset, naming it', () => {
    const notInstant = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.date({ noInvalidDate: true }).map((date) => date.toString()),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString().replace('Z', '')),
      fc.constantFrom('2022-13-01T00:00:00Z', '2022-02-30T25:00:00Z', 'yesterday', '1656576000000'),
    );
    fc.assert(
      fc.property(anyValidEvent, notInstant, ({ schema, event }, occurredAt) => {
        fc.pre(!z.iso.datetime({ offset: true }).safeParse(occurredAt).success);
        expectRefusedNaming(schema, { ...event, occurredAt }, 'occurredAt');
      }),
      { numRuns },
    );
  });

  it('refuses a value of the wrong type in any envelope or data field, naming it', () => {
    const kind = (value: unknown) =>
      Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    const others = [42, 0.5, true, null, {}, [], 'text', [1, 2]] as const;
    fc.assert(
      fc.property(
        anyValidEvent.chain(({ schema, event }) => {
          const fields = [
            ...[
              'eventId',
              'postId',
              'proposalId',
              'occurredAt',
              'actor',
              'actor.id',
              'actor.role',
              'version',
            ],
            ...Object.keys(event.data as Json).map((key) => `data.${key}`),
          ];
          return fc.record({
            schema: fc.constant(schema),
            event: fc.constant(event),
            field: fc.constantFrom(...fields),
            replacement: fc.constantFrom(...others),
          });
        }),
        ({ schema, event, field, replacement }) => {
          const [head = '', tail] = field.split('.');
          const original = tail ? (event[head] as Json)[tail] : event[head];
          fc.pre(
            kind(original) !== kind(replacement) && !(typeof original === 'number' && replacement === 42),
          );
          const mutated = tail
            ? { ...event, [head]: { ...(event[head] as Json), [tail]: replacement } }
            : { ...event, [head]: replacement };
          expectRefusedNaming(schema, mutated, field);
        },
      ),
      { numRuns: numRuns * 2 },
    );
  });

  it('refuses an id or opaque reference longer than its bound, naming it', () => {
    const bounded = fc.constantFrom(
      { field: 'postId', max: 128 },
      { field: 'proposalId', max: 128 },
      { field: 'actor.id', max: 128 },
    );
    fc.assert(
      fc.property(
        anyValidEvent,
        bounded,
        fc.integer({ min: 1, max: 10_000 }),
        ({ schema, event }, b, extra) => {
          const long = `a${'b'.repeat(b.max - 1 + extra)}`;
          const mutated =
            b.field === 'actor.id'
              ? { ...event, actor: { ...(event.actor as Json), id: long } }
              : { ...event, [b.field]: long };
          expectRefusedNaming(schema, mutated, b.field);
        },
      ),
      { numRuns },
    );
    // People's references are opaque and short (≤ 64): a long one might be personal data.
    const withRefs = postEventSchemas.filter((schema) =>
      dataKeysOf(schema).some((key) => /Ref$|^personRef$/.test(key) && !isFreeText(dataShapeOf(schema)[key])),
    );
    expect(withRefs.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...withRefs).chain((schema) =>
          fc.record({
            schema: fc.constant(schema),
            event: validEvent(schema),
            key: fc.constantFrom(...dataKeysOf(schema).filter((key) => /Ref$/.test(key))),
            length: fc.integer({ min: 65, max: 5_000 }),
          }),
        ),
        ({ schema, event, key, length }) => {
          expectRefusedNaming(schema, withData(event, { [key]: 'r'.repeat(length) }), `data.${key}`);
        },
      ),
      { numRuns },
    );
  });

  it('never throws on hostile strings in any string field: free text is kept verbatim, the rest is a zod error', () => {
    fc.assert(
      fc.property(
        anyValidEvent.chain(({ schema, event }) =>
          fc.record({
            schema: fc.constant(schema),
            event: fc.constant(event),
            field: fc.constantFrom(
              'eventId',
              'postId',
              'occurredAt',
              'actor.id',
              ...Object.keys(event.data as Json)
                .filter((key) => typeof (event.data as Json)[key] === 'string')
                .map((key) => `data.${key}`),
            ),
            hostile: hostileString,
          }),
        ),
        ({ schema, event, field, hostile }) => {
          const [head = '', tail] = field.split('.');
          const mutated = tail
            ? { ...event, [head]: { ...(event[head] as Json), [tail]: hostile } }
            : { ...event, [head]: hostile };
          for (const parser of [schema, postEventSchema] as const) {
            let result: ReturnType<typeof parser.safeParse> | undefined;
            expect(() => {
              result = parser.safeParse(mutated);
            }).not.toThrow();
            if (result?.success === false) expect(result.error).toBeInstanceOf(z.ZodError);
          }
          const freeText = head === 'data' && tail !== undefined && isFreeText(dataShapeOf(schema)[tail]);
          if (freeText) {
            const parsed = schema.parse(JSON.parse(JSON.stringify(mutated)));
            expect((parsed.data as Json)[tail]).toBe(hostile);
          }
        },
      ),
      { numRuns: numRuns * 2 },
    );
  });

  it('never throws on arbitrary JSON values, only returns a zod error', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...postEventSchemas), (value, schema) => {
        for (const parser of [schema, postEventSchema] as const) {
          const result = parser.safeParse(value);
          expect(result.success).toBe(false);
          expect(result.error).toBeInstanceOf(z.ZodError);
        }
      }),
      { numRuns: numRuns * 2 },
    );
  });
});
