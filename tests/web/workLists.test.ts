import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import {
  type ApiTestApp,
  oneLineProposal,
  startApiTestApp,
  type TestUser,
  uniqueProposalId,
  users,
} from './apiTestApp.js';

// Every person's work list over HTTP, against real workflows on the dev server: exactly what each
// can act on, confidential posts only for the people named on them, people checked by the directory.
let api: ApiTestApp;
const omar: TestUser = { id: 'director.omar', role: 'director' };
const started: string[] = [];

beforeAll(async () => {
  api = await startApiTestApp();
});

afterAll(async () => {
  for (const postId of started) {
    await api.dev.client.workflow
      .getHandle(postId)
      .terminate('test over')
      .catch(() => undefined);
  }
  await api?.stop();
});

interface Section {
  key: string;
  items: { postId: string; why: string; jobTitle: string }[];
}

async function workList(user: TestUser): Promise<Section[]> {
  const response = await api.request(user, { method: 'GET', url: '/api/work-list' });
  expect(response.statusCode).toBe(200);
  return response.json();
}

const idsIn = (sections: Section[], key: string) =>
  sections.find((section) => section.key === key)?.items.map((item) => item.postId) ?? [];

/** Waits for visibility to catch up (it lags the workflow a moment). */
async function eventually<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function propose(body: ReturnType<typeof oneLineProposal>): Promise<string[]> {
  const response = await api.request(users.hr, {
    method: 'POST',
    url: '/api/proposals',
    headers: { 'idempotency-key': `${body.proposalId}-propose` },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(201);
  const postIds = Array.from(
    { length: body.lines[0]?.fteCount ?? 1 },
    (_, i) => `${body.proposalId}.L1.P${i + 1}`,
  );
  started.push(...postIds);
  for (const postId of postIds) await api.waitForPost(postId, (view) => view.stage === 'awaiting-approval');
  return postIds;
}

describe('work lists', () => {
  let julies: string[] = [];
  let omars: string[] = [];

  beforeAll(async () => {
    julies = await propose(oneLineProposal(uniqueProposalId('worklist-julie'), 3));
    const secret = oneLineProposal(uniqueProposalId('worklist-omar'), 1);
    omars = await propose({ ...secret, service: 'Early Help', decisionMaker: omar.id, confidential: true });
  });

  it('gives each director the decisions on their own posts, and the deputy none without authority', async () => {
    const julie = await eventually(
      'julie’s decisions',
      () => workList(users.director),
      (s) => julies.every((id) => idsIn(s, 'decide').includes(id)),
    );
    expect(idsIn(julie, 'decide')).not.toContain(omars[0]);
    const omarList = await eventually(
      'omar’s decisions',
      () => workList(omar),
      (s) => idsIn(s, 'decide').includes(omars[0] as string),
    );
    expect(idsIn(omarList, 'decide').filter((id) => julies.includes(id))).toEqual([]);
    const deputy = await workList(users.deputy);
    expect(idsIn(deputy, 'decide').filter((id) => [...julies, ...omars].includes(id))).toEqual([]);
  });

  it('refuses another director’s decision on a post, and the post records nothing', async () => {
    const [postId = ''] = julies;
    const response = await api.command(omar, postId, 'decide', { decision: 'approve', reason: 'Looks fine' });
    expect(response.statusCode).toBe(403);
    expect(response.json().detail).toBe("only director.julie, the post's decision maker, may decide on it");
    expect((await api.waitForPost(postId, () => true)).stage).toBe('awaiting-approval');
  });

  it('gives a deputy the one post delegated to her, and then every post of a director on leave', async () => {
    const [delegated = '', ...others] = julies;
    const today = londonDateOf(Date.now());
    const delegation = await api.command(users.director, delegated, 'delegate', {
      delegateId: users.deputy.id,
      from: today,
      to: today,
      reason: 'At a tribunal today',
    });
    expect(delegation.statusCode, delegation.body).toBe(200);
    const one = await eventually(
      'the delegated post',
      () => workList(users.deputy),
      (s) => idsIn(s, 'decide').includes(delegated),
    );
    expect(idsIn(one, 'decide').filter((id) => others.includes(id))).toEqual([]);

    const leave = await api.request(users.director, {
      method: 'POST',
      url: '/api/leave-delegations',
      headers: { 'idempotency-key': `leave-${delegated}` },
      payload: {
        deputyId: users.deputy.id,
        from: today,
        to: addWorkingDays(today, 5),
        reason: 'Annual leave',
      },
    });
    expect(leave.statusCode, leave.body).toBe(201);
    const covering = await workList(users.deputy);
    expect(idsIn(covering, 'decide')).toEqual(expect.arrayContaining(julies));
    expect(idsIn(covering, 'decide')).not.toContain(omars[0]);
    const why = covering
      .find((s) => s.key === 'decide')
      ?.items.find((item) => item.postId === others[0])?.why;
    expect(why).toMatch(/^leave cover for director\.julie until /);

    const decided = await api.command(users.deputy, others[0] as string, 'decide', {
      decision: 'approve',
      reason: 'Covering for Julie',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().decisions.at(-1).authority).toMatch(/^leave cover for director\.julie from /);
    const cancel = await api.request(users.director, {
      method: 'DELETE',
      url: `/api/leave-delegations/${leave.json().id}`,
      headers: { 'idempotency-key': `cancel-${delegated}` },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
  });

  it('asks each consultee for a response once, and then lists it as answered', async () => {
    const postId = julies[0] as string;
    await api.command(users.director, postId, 'decide', { decision: 'approve', reason: 'Needed' });
    const union = await eventually(
      'the union’s request',
      () => workList(users.union),
      (s) => idsIn(s, 'respond').includes(postId),
    );
    expect(idsIn(union, 'answered')).not.toContain(postId);
    const answer = await api.command(users.union, postId, 'record-consultation', {
      party: 'union',
      outcome: 'no-concerns',
      summary: 'Welcomed',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().waitingFor).toBe(
      'the consultation response of the Executive Member and equality lead',
    );
    const after = await eventually(
      'the union’s answered list',
      () => workList(users.union),
      (s) => idsIn(s, 'answered').includes(postId),
    );
    expect(idsIn(after, 'respond')).not.toContain(postId);
    expect(idsIn(await workList(users['equality-lead']), 'respond')).toContain(postId);
  });

  it('lists for HR the post sent back to HR', async () => {
    const postId = julies[2] as string;
    await api.command(users.director, postId, 'decide', { decision: 'send-back', reason: 'Regrade it' });
    await eventually(
      'HR’s list',
      () => workList(users.hr),
      (s) => idsIn(s, 'hr').includes(postId),
    );
  });

  it('hides a confidential post from a viewer (404, not listed) but shows it to its decision maker', async () => {
    const secret = omars[0] as string;
    const asViewer = await api.request(users.viewer, { method: 'GET', url: `/api/posts/${secret}` });
    expect(asViewer.statusCode).toBe(404);
    const listed = await api.request(users.viewer, { method: 'GET', url: '/api/posts' });
    expect(listed.json().map((post: { postId: string }) => post.postId)).not.toContain(secret);
    const asOmar = await api.request(omar, { method: 'GET', url: `/api/posts/${secret}` });
    expect(asOmar.statusCode).toBe(200);
    expect(asOmar.json().confidential).toBe(true);
    const asHr = await api.request(users.hr, { method: 'GET', url: `/api/posts/${secret}` });
    expect(asHr.statusCode).toBe(200);
  });
});

describe('people a request names', () => {
  it.each([
    ['decisionMaker', 'director.jullie', 'no director with id director.jullie in the staff directory'],
    ['decisionMaker', 'deputy.farrah', 'Farrah Khan (deputy.farrah) is not a director'],
    ['deputy', 'system', 'no deputy director with id system in the staff directory'],
  ])(
    'refuses a proposal whose %s is %s, naming the field, and starts nothing',
    async (field, id, message) => {
      const proposalId = uniqueProposalId('people');
      const response = await api.request(users.hr, {
        method: 'POST',
        url: '/api/proposals',
        headers: { 'idempotency-key': proposalId },
        payload: { ...oneLineProposal(proposalId), [field]: id },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field, message }]);
      const lookup = await api.request(users.hr, { method: 'GET', url: `/api/proposals/${proposalId}` });
      expect(lookup.statusCode).toBe(404);
    },
  );

  it('fills the decision maker and deputy from the directory when the proposal leaves them out', async () => {
    const body = oneLineProposal(uniqueProposalId('defaults'));
    const { decisionMaker: _d, deputy: _p, ...withoutPeople } = body;
    const response = await api.request(users.hr, {
      method: 'POST',
      url: '/api/proposals',
      headers: { 'idempotency-key': body.proposalId },
      payload: withoutPeople,
    });
    expect(response.statusCode, response.body).toBe(201);
    const postId = `${body.proposalId}.L1.P1`;
    started.push(postId);
    const view = await api.waitForPost(postId, (v) => v.stage === 'awaiting-approval');
    expect({ decisionMaker: view.decisionMaker, deputy: view.deputy }).toEqual({
      decisionMaker: 'director.julie',
      deputy: 'deputy.farrah',
    });
  });

  it.each([
    ['system', 'no deputy director with id system in the staff directory'],
    ['deputy.farah', 'no deputy director with id deputy.farah in the staff directory'],
    ['director.julie', 'Julie Longworth (director.julie) is not a deputy director'],
  ])(
    'refuses a delegation to %s, naming the field, and the post records nothing',
    async (delegateId, message) => {
      const { postIds } = await api.propose();
      const postId = postIds[0] as string;
      const before = (await api.waitForPost(postId, () => true)).decisions.length;
      const today = londonDateOf(Date.now());
      const response = await api.command(users.director, postId, 'delegate', {
        delegateId,
        from: today,
        to: today,
        reason: 'Away',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors).toEqual([{ field: 'delegateId', message }]);
      expect((await api.waitForPost(postId, () => true)).decisions).toHaveLength(before);
    },
  );
});
