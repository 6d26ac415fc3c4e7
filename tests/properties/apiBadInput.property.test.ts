import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostView } from '../../contract/postView.js';
import type { PostCommandType } from '../../schemas/postCommands.js';
import type { RouteCommandType } from '../../schemas/routeCommands.js';
import { postCommandRoutes, routeCommandRoutes } from '../../web/api/apiSchemas.js';
import { postCommandRoles, routeCommandRoles } from '../../web/api/commandRoles.js';
import { type ApiTestApp, startApiTestApp, users } from '../web/apiTestApp.js';

/**
 * Malformed command bodies, generated, sent to one real post on the dev server as the role the
 * endpoint allows: every one is a 4xx problem naming the field, and the post is left as it was.
 * Each body is checked against the endpoint's own schema before it is sent, so a generator slip can
 * never send a valid command that would change the post.
 */

const runsPerEndpoint = 20;

type Json = Record<string, unknown>;
type CommandType = PostCommandType | RouteCommandType;

/** A valid body per command: mutations start from here. Optional fields are present so they are mutated too. */
const validBodies: Readonly<Record<CommandType, Json>> = {
  decide: { decision: 'approve', reason: 'Meets rising demand' },
  delegate: { delegateId: 'deputy.farrah', from: '2030-07-01', to: '2030-07-08', reason: 'Annual leave' },
  revise: {
    jobTitle: 'Senior Social Worker',
    grade: 'PO4',
    fullTimeAnnualCostPence: 5_200_000,
    justification: 'Regraded',
    reason: 'Sent back for the grade',
  },
  'record-consultation': { party: 'union', outcome: 'no-concerns', summary: 'Welcomed' },
  'record-call-in': { board: 'Children and Families Scrutiny Board', reason: 'Workforce plan' },
  'record-call-in-outcome': { outcome: 'decision-stands', reason: 'Board supports it' },
  'publish-advert': {
    channels: ['council-jobs-page'],
    opensOn: '2030-07-11',
    closesOn: '2030-07-25',
    ringFence: 'external',
  },
  'record-applications': { received: 12, suitable: 4 },
  hold: { reason: 'Nobody suitable' },
  'start-route': { route: 'standard', reason: 'Four suitable applicants' },
  'start-agency-cover': {
    agencyRef: 'agency-17',
    startsOn: '2030-07-04',
    weeklyCostPence: 180_000,
    fte: 0.5,
  },
  'end-agency-cover': { endsOn: '2030-09-30' },
  withdraw: { reason: 'No longer needed' },
  shortlist: { candidateRefs: ['cand-0042', 'cand-0043'] },
  'record-interview': { candidateRef: 'cand-0042', outcome: 'appointable' },
  'make-offer': { candidateRef: 'cand-0042' },
  'record-offer-response': { candidateRef: 'cand-0042', response: 'accepted' },
  'record-check': {
    check: 'professional-registration',
    outcome: 'clear',
    registrationBody: 'social-work-england',
  },
  'assign-certificate-of-sponsorship': { certificateRef: 'cos-001' },
  'record-visa-decision': { outcome: 'granted' },
  'confirm-overseas-registration': { registrationRef: 'swe-123' },
  'record-arrival': { arrivedOn: '2030-09-01' },
  'enrol-apprentice': {
    employeeRef: 'emp-0007',
    provider: 'Leeds Beckett University',
    startsOn: '2030-09-01',
    expectedQualificationOn: '2033-07-31',
  },
  'record-qualification': { qualifiedOn: '2033-07-31' },
  'join-step-up-cohort': { traineeRef: 'trainee-01', cohort: 'Step Up 8', startsOn: '2031-01-09' },
  'confirm-start': {
    personRef: 'cand-0042',
    startsOn: '2030-10-03',
    vacatedPost: {
      postRef: 'post-991',
      serviceArea: 'Children’s Social Work Service',
      jobTitle: 'Social Worker',
      grade: 'PO3',
      annualCostPence: 4_962_900,
      fte: 1,
    },
  },
  'end-unfilled': { reason: 'Nobody appointable' },
};

/** Pairs of dates whose order a command's schema requires: [earlier, later, field named when wrong]. */
const orderedDates: Partial<Record<CommandType, { first: string; second: string; strict: boolean }>> = {
  delegate: { first: 'from', second: 'to', strict: false },
  'publish-advert': { first: 'opensOn', second: 'closesOn', strict: true },
  'enrol-apprentice': { first: 'startsOn', second: 'expectedQualificationOn', strict: true },
};

interface Endpoint {
  type: CommandType;
  url: (postId: string) => string;
  role: keyof typeof users;
  body: (typeof postCommandRoutes)[number]['body'];
  /** Keys the body must have. */
  required: string[];
}

const endpoints: Endpoint[] = [
  ...postCommandRoutes.map(({ type, body }) => ({
    type,
    url: (postId: string) => `/api/posts/${postId}/${type}`,
    role: postCommandRoles[type][0] ?? 'viewer',
    body,
  })),
  ...routeCommandRoutes.map(({ type, body }) => ({
    type,
    url: (postId: string) => `/api/posts/${postId}/route/${type}`,
    role: routeCommandRoles[type][0] ?? 'viewer',
    body,
  })),
].map((endpoint) => ({
  ...endpoint,
  required: Object.entries(endpoint.body.shape)
    .filter(
      ([, field]) => !(field as { safeParse(v: unknown): { success: boolean } }).safeParse(undefined).success,
    )
    .map(([key]) => key),
}));

/** Every path to a leaf of a JSON value: `reason`, `channels.0`, `vacatedPost.fte`. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
  }
  return [prefix];
}

function getAt(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Json)[key], value);
}

function setAt(value: unknown, path: readonly string[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(head)] = setAt(copy[Number(head)], rest, replacement);
    return copy;
  }
  return { ...(value as Json), [head]: setAt((value as Json)[head], rest, replacement) };
}

const kind = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);

const hostileCore = fc.constantFrom(
  '<script>alert(1)</script>',
  "'; DROP TABLE posts; --",
  "1' OR '1'='1",
  '\u0000\u0007\u001b[31m\u007f',
  '\u202eevil\u200b',
  '\ud800 lone surrogate',
  '{{7*7}} \u0024{process.exit(1)}',
  '../../etc/passwd',
);

interface Malformed {
  /** What was done, for the failure message. */
  mutation: string;
  body: unknown;
  /** A field the problem must name (in `errors` or, for a body that is not an object, `detail`). */
  field: string;
}

/** Malformed bodies for one endpoint: each is invalid by construction, and names the field it broke. */
function malformed(endpoint: Endpoint): fc.Arbitrary<Malformed> {
  const valid = validBodies[endpoint.type];
  const leaves = leafPaths(valid);
  const stringLeaves = leaves.filter((path) => typeof getAt(valid, path) === 'string');
  const named = (pattern: RegExp) => leaves.filter((path) => pattern.test(path.at(-1) ?? ''));
  const options: fc.Arbitrary<Malformed>[] = [];

  if (endpoint.required.length > 0) {
    options.push(
      fc.constantFrom(...endpoint.required).map((key) => {
        const { [key]: _gone, ...rest } = valid;
        return { mutation: `without ${key}`, body: rest, field: key };
      }),
    );
  }
  options.push(
    fc
      .tuple(
        fc.constantFrom(...[...Object.keys(valid).map((k) => [k]), ...leaves]),
        fc.constantFrom(42, 0.5, true, null, {}, [], 'text', ['x']),
      )
      .filter(([path, replacement]) => kind(getAt(valid, path)) !== kind(replacement))
      .map(([path, replacement]) => ({
        mutation: `${path.join('.')} = ${JSON.stringify(replacement)}`,
        body: setAt(valid, path, replacement),
        field: path.join('.'),
      })),
  );
  const pence = named(/Pence$/);
  if (pence.length > 0) {
    options.push(
      fc
        .tuple(
          fc.constantFrom(...pence),
          fc.oneof(
            fc.integer({ min: -1e12, max: -1 }),
            fc.double({ min: 0, max: 1e12, noNaN: true }).filter((x) => !Number.isInteger(x)),
          ),
        )
        .map(([path, value]) => ({
          mutation: `${path.join('.')} = ${value}`,
          body: setAt(valid, path, value),
          field: path.join('.'),
        })),
    );
  }
  const fte = named(/^fte$/);
  if (fte.length > 0) {
    options.push(
      fc
        .tuple(
          fc.constantFrom(...fte),
          fc.oneof(fc.constant(0), fc.double({ min: 1, max: 1e6, minExcluded: true, noNaN: true })),
        )
        .map(([path, value]) => ({
          mutation: `${path.join('.')} = ${value}`,
          body: setAt(valid, path, value),
          field: path.join('.'),
        })),
    );
  }
  const order = orderedDates[endpoint.type];
  if (order) {
    options.push(
      fc
        .tuple(
          fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
          fc.nat({ max: 4_000 }),
        )
        .map(([date, daysBack]) => {
          const later = date.toISOString().slice(0, 10);
          // A strict order also refuses the same day; a non-strict one needs a day between.
          const back = order.strict ? daysBack : daysBack + 1;
          const earlier = new Date(date.getTime() - back * 86_400_000).toISOString().slice(0, 10);
          return {
            mutation: `${order.first} ${later} > ${order.second} ${earlier}`,
            body: { ...valid, [order.first]: later, [order.second]: earlier },
            field: order.second,
          };
        }),
    );
  }
  if (endpoint.type === 'record-applications') {
    options.push(
      fc.tuple(fc.nat({ max: 99_999 }), fc.integer({ min: 1, max: 1_000 })).map(([received, more]) => ({
        mutation: `suitable ${received + more} > received ${received}`,
        body: { received, suitable: Math.min(100_000, received + more) },
        field: 'suitable',
      })),
    );
  }
  // Hostile text: as it stands where the field has a pattern, enum or date; past every bound elsewhere.
  if (stringLeaves.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...stringLeaves), hostileCore).map(([path, hostile]) => {
        const freeText = endpoint.body.safeParse(setAt(valid, path, hostile)).success;
        return {
          mutation: `${path.join('.')} = hostile${freeText ? ' and oversized' : ''}`,
          body: setAt(valid, path, freeText ? `${hostile}${'x'.repeat(10_001)}` : hostile),
          field: path.join('.'),
        };
      }),
    );
    options.push(
      fc
        .tuple(fc.constantFrom(...stringLeaves), fc.integer({ min: 10_001, max: 200_000 }))
        .map(([path, length]) => ({
          mutation: `${path.join('.')} of ${length} characters`,
          body: setAt(valid, path, 'y'.repeat(length)),
          field: path.join('.'),
        })),
    );
  }
  // Fields of no such name, including a forged actor or type.
  options.push(
    fc
      .tuple(
        fc.oneof(fc.constantFrom('type', 'actor', 'postId', 'extra'), hostileCore),
        fc.constantFrom<unknown>({ id: 'director.julie', role: 'director' }, 'decide', 1, null),
      )
      .filter(([key]) => !(key in valid))
      .map(([key, value]) => ({
        mutation: `extra field ${JSON.stringify(key)}`,
        body: { ...valid, [key]: value },
        field: key,
      })),
  );
  // Not an object at all.
  options.push(
    fc.constantFrom<unknown>(null, [], [valid], 42, 'approve', true).map((body) => ({
      mutation: `body ${JSON.stringify(body).slice(0, 40)}`,
      body,
      field: 'body',
    })),
  );
  return fc.oneof(...options);
}

interface ProblemBody {
  type?: string;
  status?: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

let api: ApiTestApp;
let postId = '';
let before: Pick<PostView, 'stage' | 'decisions'>;

const historyOf = async (id: string) => {
  const response = await api.request(users.hr, { method: 'GET', url: `/api/posts/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  const view = response.json() as PostView;
  return { stage: view.stage, decisions: view.decisions };
};

beforeAll(async () => {
  api = await startApiTestApp();
  [postId = ''] = (await api.propose()).postIds;
  before = await historyOf(postId);
});

afterAll(async () => {
  await api?.stop();
});

describe('malformed command bodies through the API (property-based)', () => {
  it('has a valid body for every command endpoint, accepted by the endpoint’s own schema', () => {
    expect(Object.keys(validBodies).sort()).toEqual(endpoints.map((e) => e.type).sort());
    for (const endpoint of endpoints) {
      expect(endpoint.body.safeParse(validBodies[endpoint.type]).success, endpoint.type).toBe(true);
    }
  });

  it.each(endpoints.map((endpoint) => [endpoint.type, endpoint] as const))(
    'answers every malformed %s body with a 4xx problem naming the field, never a 5xx',
    async (_type, endpoint) => {
      await fc.assert(
        fc.asyncProperty(malformed(endpoint), fc.uuid(), async ({ mutation, body, field }, key) => {
          // The guard: a body the endpoint would accept is a bug of this test, never sent.
          expect(endpoint.body.safeParse(body).success, `${mutation} is valid`).toBe(false);
          const response = await api.request(users[endpoint.role], {
            method: 'POST',
            url: endpoint.url(postId),
            headers: { 'idempotency-key': key, 'content-type': 'application/json' },
            payload: JSON.stringify(body),
          });
          const context = `${endpoint.type}: ${mutation} → ${response.statusCode} ${response.body.slice(0, 500)}`;
          expect(response.statusCode, context).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, context).toBeLessThan(500);
          expect(response.headers['content-type'], context).toMatch(/^application\/problem\+json/);
          const problem = response.json() as ProblemBody;
          expect(problem.status, context).toBe(response.statusCode);
          const fields = (problem.errors ?? []).map((error) => error.field);
          const names =
            fields.some((name) => name === field || name.startsWith(`${field}.`)) ||
            (problem.detail ?? '').includes(field);
          expect(names, context).toBe(true);
        }),
        { numRuns: runsPerEndpoint },
      );
    },
  );

  it('answers a body over the size limit with a 413 problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        fc.integer({ min: 1_100_000, max: 1_500_000 }),
        async (endpoint, length) => {
          const response = await api.request(users[endpoint.role], {
            method: 'POST',
            url: endpoint.url(postId),
            headers: { 'idempotency-key': `big-${length}`, 'content-type': 'application/json' },
            payload: JSON.stringify({ ...validBodies[endpoint.type], reason: 'z'.repeat(length) }),
          });
          expect(response.statusCode, response.body.slice(0, 300)).toBe(413);
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect((response.json() as ProblemBody).status).toBe(413);
        },
      ),
      { numRuns: 3 },
    );
  });

  it('leaves the post’s stage and decisions exactly as they were', async () => {
    expect(before.stage).toBe('awaiting-approval');
    expect(await historyOf(postId)).toEqual(before);
  });
});
