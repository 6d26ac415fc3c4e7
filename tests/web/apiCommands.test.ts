import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postCommandUpdate } from '../../contract/postMessages.js';
import type { PostView } from '../../contract/postView.js';
import type { RouteView } from '../../contract/routeMessages.js';
import { addWorkingDays, londonDateOf } from '../../domain/workingDays.js';
import { postCommand } from '../../schemas/postCommands.js';
import { routeCommand } from '../../schemas/routeCommands.js';
import { problemTypes } from '../../web/api/problems.js';
import {
  type ApiTestApp,
  oneLineProposal,
  startApiTestApp,
  type TestUser,
  uniqueProposalId,
  users,
} from './apiTestApp.js';

let api: ApiTestApp;
/** A post nobody changes: bad requests are sent to it and must leave it awaiting approval. */
let untouched: string;

beforeAll(async () => {
  api = await startApiTestApp();
  [untouched = ''] = (await api.propose()).postIds;
});

afterAll(async () => {
  await api?.stop();
});

const dayMillis = 24 * 60 * 60 * 1000;
const today = () => londonDateOf(Date.now());
const daysAgo = (days: number) => londonDateOf(Date.now() - days * dayMillis);

async function accepted(response: { statusCode: number; body: string; json(): unknown }): Promise<PostView> {
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as PostView;
}

describe('proposals through the API', () => {
  it('starts a proposal for HR with 201, and answers a repeat under the same key with the same 201', async () => {
    const proposalId = uniqueProposalId('repeat');
    const body = oneLineProposal(proposalId, 2);
    const propose = () =>
      api.request(users.hr, {
        method: 'POST',
        url: '/api/proposals',
        headers: { 'idempotency-key': `${proposalId}-propose` },
        payload: body,
      });
    const first = await propose();
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({
      proposalId,
      started: true,
      postIds: [`${proposalId}.L1.P1`, `${proposalId}.L1.P2`],
    });
    expect(first.headers.location).toBe(`/api/proposals/${proposalId}`);
    const again = await propose();
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(`/api/proposals/${proposalId}`);

    const view = await api.waitForPost(`${proposalId}.L1.P2`, (post) => post.stage === 'awaiting-approval');
    expect(view.decisions[0]).toMatchObject({ action: 'budget check', authority: 'budget allocation' });
    const proposal = await api.request(users.viewer, { method: 'GET', url: `/api/proposals/${proposalId}` });
    expect(proposal.statusCode).toBe(200);
    expect(proposal.json()).toMatchObject({
      proposalId,
      requested: { costPence: 9_925_800, fte: 2, posts: 2 },
      posts: [{ postId: `${proposalId}.L1.P1` }, { postId: `${proposalId}.L1.P2` }],
    });
    for (const workflowId of [
      proposalId,
      `${proposalId}.L1.P1`,
      `${proposalId}.L1.P2`,
      `${proposalId}.budget`,
    ]) {
      await api.dev.client.workflow
        .getHandle(workflowId)
        .terminate('test over')
        .catch(() => undefined);
    }
  });

  it('lists a proposal’s posts and shows them in the director’s inbox', async () => {
    const { proposalId, postIds } = await api.propose();
    const listed = async (url: string, user: TestUser = users.director) => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        const response = await api.request(user, { method: 'GET', url });
        const ids = (response.json() as { postId: string }[]).map((entry) => entry.postId);
        if (postIds.every((id) => ids.includes(id))) return response.json() as { postId: string }[];
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`${url} never listed ${postIds.join(', ')}`);
    };
    expect(await listed(`/api/posts?proposalId=${proposalId}`, users.viewer)).toEqual([
      expect.objectContaining({ postId: postIds[0], proposalId, stage: 'awaiting-approval', grade: 'PO3' }),
    ]);
    expect(await listed(`/api/inbox?proposalId=${proposalId}`)).toEqual([
      expect.objectContaining({ postId: postIds[0], stage: 'awaiting-approval', overdue: false }),
    ]);
  });
});

describe('every post command through the API', () => {
  it('takes a post from approval through consultation, call-in, cover, hold, advert and applications to filled by a Step Up trainee', async () => {
    const [postId = ''] = (await api.propose({ openForCallIn: true })).postIds;
    const offered = await api.request(users.director, { method: 'GET', url: `/api/posts/${postId}` });
    expect((offered.json() as { availableCommands: string[] }).availableCommands.sort()).toEqual([
      'decide',
      'delegate',
      'withdraw',
    ]);

    const approval = await api.command(users.director, postId, 'decide', {
      decision: 'approve',
      reason: 'Meets rising demand',
    });
    let view = await accepted(approval);
    expect(view.stage).toBe('consultation');
    // The answer says what this command decided, as the workflow recorded it.
    expect((approval.json() as { decided: unknown }).decided).toEqual(view.decisions.at(-1));
    expect(view.decisions.at(-1)).toMatchObject({
      action: 'approve',
      actor: users.director,
      authority: 'director',
    });

    const responses = [
      [users.union, 'union', 'Welcomed: demands on services are rising'],
      [users['executive-member'], 'executive-member', 'Briefed and in support'],
      [users['equality-lead'], 'equality', 'EDCI screening completed (Appendix B)'],
    ] as const;
    for (const [user, party, summary] of responses) {
      view = await accepted(
        await api.command(user, postId, 'record-consultation', { party, outcome: 'no-concerns', summary }),
      );
    }
    expect(view.stage).toBe('call-in-period');
    expect(Object.keys(view.consultation).sort()).toEqual(['equality', 'executive-member', 'union']);

    view = await accepted(
      await api.command(users.deputy, postId, 'record-call-in', {
        board: 'Children and Families Scrutiny Board',
        reason: 'Members asked to see the workforce plan',
      }),
    );
    expect(view.stage).toBe('called-in');
    view = await accepted(
      await api.command(users.deputy, postId, 'record-call-in-outcome', {
        outcome: 'decision-stands',
        reason: 'The board supports the decision',
      }),
    );
    expect(view.stage).toBe('ready-to-recruit');

    view = await accepted(
      await api.command(users.hr, postId, 'start-agency-cover', {
        agencyRef: 'agency-0042',
        startsOn: today(),
        weeklyCostPence: 185_000,
        fte: 1,
      }),
    );
    expect(view.agencyCover).toEqual({
      agencyRef: 'agency-0042',
      startsOn: today(),
      weeklyCostPence: 185_000,
      fte: 1,
    });
    view = await accepted(await api.command(users.hr, postId, 'end-agency-cover', { endsOn: today() }));
    expect(view.agencyCover).toBeUndefined();

    view = await accepted(
      await api.command(users.hr, postId, 'hold', { reason: 'Waiting for the new cohort' }),
    );
    expect(view.stage).toBe('held');

    // The API refuses an advert dated in the past, naming the field, and changes nothing.
    const pastAdvert = {
      channels: ['council-jobs-page', 'professional-boards'],
      opensOn: daysAgo(9),
      closesOn: daysAgo(1),
      ringFence: 'external',
    };
    const past = await api.command(users.hr, postId, 'publish-advert', pastAdvert);
    expect(past.statusCode, past.body).toBe(400);
    expect(past.json().errors).toEqual([
      { field: 'opensOn', message: 'An advert cannot open in the past: opensOn must be today or later' },
    ]);
    // The workflow itself still takes one (a record made late), which lets the post move on to its
    // applications at once here: sent straight to the workflow, as the edge never sends it.
    ({ view } = await api.dev.client.workflow.getHandle(postId).executeUpdate(postCommandUpdate, {
      args: [postCommand.parse({ ...pastAdvert, type: 'publish-advert', actor: users.hr })],
    }));
    expect(view.adverts.count).toBe(1);
    await api.waitForPost(postId, (post) => post.stage === 'awaiting-applications');
    view = await accepted(
      await api.command(users.hr, postId, 'record-applications', { received: 3, suitable: 0 }),
    );
    expect(view.stage).toBe('no-suitable-applicants');

    view = await accepted(
      await api.command(users.hr, postId, 'start-route', {
        route: 'step-up',
        reason: 'A Step Up trainee is ready',
      }),
    );
    expect(view.stage).toBe('recruiting');
    const route = await api.request(users.viewer, { method: 'GET', url: `/api/posts/${postId}/route` });
    expect(route.json()).toMatchObject({
      route: 'step-up',
      step: 'awaiting-cohort',
      accepts: ['join-step-up-cohort'],
    });

    const joined = await api.request(users.hr, {
      method: 'POST',
      url: `/api/posts/${postId}/route/join-step-up-cohort`,
      headers: { 'idempotency-key': `${postId}:join` },
      payload: { traineeRef: 'trainee-0007', cohort: 'Step Up cohort 8', startsOn: today() },
    });
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json() as RouteView).toMatchObject({ step: 'filled', filled: true, accepts: [] });
    const filled = await api.waitForPost(postId, (post) => post.stage === 'filled');
    expect(filled.filled).toEqual({ personRef: 'trainee-0007', startsOn: today() });
    const afterwards = await api.command(users.hr, postId, 'withdraw', { reason: 'Too late' });
    expect(afterwards.statusCode).toBe(409);
  });

  it('lets a delegate send a post back, HR revise it and withdraw it, and the director withdraw another', async () => {
    const [first = '', second = ''] = (await api.propose({ fteCount: 2 })).postIds;
    let view = await accepted(
      await api.command(users.director, first, 'delegate', {
        delegateId: users.deputy.id,
        from: today(),
        to: addWorkingDays(today(), 5),
        reason: 'Annual leave',
      }),
    );
    expect(view.delegations).toEqual([
      { delegateId: users.deputy.id, from: today(), to: addWorkingDays(today(), 5), by: users.director.id },
    ]);
    view = await accepted(
      await api.command(users.deputy, first, 'decide', {
        decision: 'send-back',
        reason: 'Cost it at the top of the grade',
      }),
    );
    expect(view.stage).toBe('sent-back');
    expect(view.decisions.at(-1)?.authority).toMatch(/^delegated by director.julie/);

    view = await accepted(
      await api.command(users.hr, first, 'revise', {
        fullTimeAnnualCostPence: 5_100_000,
        reason: 'Top of grade',
      }),
    );
    expect(view.stage).toBe('awaiting-approval');
    // A whole-time post: its own cost is the full-time cost.
    expect(view.details.annualCostPence).toBe(5_100_000);

    view = await accepted(await api.command(users.hr, first, 'withdraw', { reason: 'No longer needed' }));
    expect(view.stage).toBe('withdrawn');
    view = await accepted(await api.command(users.director, second, 'withdraw', { reason: 'Funding moved' }));
    expect(view.stage).toBe('withdrawn');
    expect(view.decisions.at(-1)).toMatchObject({ action: 'withdraw', authority: 'director' });
  });
});

describe('errors as problem details', () => {
  async function problemOf(response: {
    statusCode: number;
    headers: Record<string, unknown>;
    json(): unknown;
  }) {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json() as { status: number; errors?: { field: string; message: string }[] };
    expect(body.status).toBe(response.statusCode);
    return body;
  }

  it('names the reason when a decision comes without one, or with an empty one', async () => {
    const missing = await api.command(users.director, untouched, 'decide', { decision: 'approve' });
    expect(missing.statusCode).toBe(400);
    expect(await problemOf(missing)).toMatchObject({
      type: problemTypes[400],
      title: 'The request is not valid',
      errors: [{ field: 'reason', message: 'reason is required' }],
    });
    const empty = await api.command(users.director, untouched, 'decide', { decision: 'approve', reason: '' });
    expect((await problemOf(empty)).errors).toEqual([{ field: 'reason', message: 'a reason is required' }]);
    const spaces = await api.command(users.director, untouched, 'decide', {
      decision: 'approve',
      reason: '  ',
    });
    expect((await problemOf(spaces)).errors).toEqual([{ field: 'reason', message: 'a reason is required' }]);
    // Outer spaces are refused rather than trimmed, as the OpenAPI document's pattern says.
    const outer = await api.command(users.director, untouched, 'decide', {
      decision: 'approve',
      reason: 'Yes ',
    });
    expect((await problemOf(outer)).errors).toEqual([
      { field: 'reason', message: 'must not begin or end with a space' },
    ]);
  });

  it('names a negative cost, a field of the wrong type and a date before its start', async () => {
    const negative = await api.command(users.hr, untouched, 'revise', {
      fullTimeAnnualCostPence: -100,
      reason: 'Cheaper',
    });
    expect(negative.statusCode).toBe(400);
    expect((await problemOf(negative)).errors).toEqual([
      { field: 'fullTimeAnnualCostPence', message: expect.stringContaining('>=0') },
    ]);
    const wrongType = await api.command(users.hr, untouched, 'record-applications', {
      received: 'three',
      suitable: 0,
    });
    expect((await problemOf(wrongType)).errors).toEqual([
      { field: 'received', message: 'Invalid input: expected number, received string' },
    ]);
    const backwards = await api.command(users.hr, untouched, 'publish-advert', {
      channels: ['council-jobs-page'],
      opensOn: today(),
      closesOn: daysAgo(3),
      ringFence: 'internal',
    });
    expect((await problemOf(backwards)).errors).toEqual([
      { field: 'closesOn', message: 'must be after opensOn' },
    ]);
  });

  it('refuses an actor in the body: the actor is whoever is signed in', async () => {
    const forged = await api.command(users.hr, untouched, 'withdraw', {
      reason: 'Forged in the director’s name',
      actor: users.director,
    });
    expect(forged.statusCode).toBe(400);
    expect((await problemOf(forged)).errors).toEqual([
      { field: 'actor', message: 'is not a field of this request' },
    ]);
  });

  it('requires a well-formed Idempotency-Key on every command', async () => {
    const body = { decision: 'approve', reason: 'No key' };
    const without = await api.request(users.director, {
      method: 'POST',
      url: `/api/posts/${untouched}/decide`,
      payload: body,
    });
    expect(without.statusCode).toBe(400);
    expect((await problemOf(without)).errors).toEqual([
      { field: 'idempotency-key', message: 'an Idempotency-Key header is required on every command' },
    ]);
    const malformed = await api.command(users.director, untouched, 'decide', body, 'has spaces in it');
    expect((await problemOf(malformed)).errors).toEqual([
      {
        field: 'idempotency-key',
        message: 'must be 1 to 200 characters of A-Z a-z 0-9 . _ : - (optionally in double quotes)',
      },
    ]);
    const tooLong = await api.command(users.director, untouched, 'decide', body, 'k'.repeat(201));
    expect(tooLong.statusCode).toBe(400);
  });

  it('answers 404 for an unknown post, route or API path', async () => {
    const read = await api.request(users.viewer, { method: 'GET', url: '/api/posts/no-such-post' });
    expect(read.statusCode).toBe(404);
    expect(await problemOf(read)).toMatchObject({
      type: problemTypes[404],
      detail: 'no such post or proposal',
    });
    const command = await api.command(users.director, 'no-such-post', 'decide', {
      decision: 'approve',
      reason: 'x',
    });
    expect(command.statusCode).toBe(404);
    const route = await api.request(users.viewer, { method: 'GET', url: `/api/posts/${untouched}/route` });
    expect(route.statusCode).toBe(404);
    const path = await api.request(users.viewer, { method: 'GET', url: '/api/nothing-here' });
    expect(path.statusCode).toBe(404);
    await problemOf(path);
  });

  it('answers 409 for a command the post’s stage does not allow, and changes nothing', async () => {
    const early = await api.command(users.union, untouched, 'record-consultation', {
      party: 'union',
      outcome: 'no-concerns',
      summary: 'Too early',
    });
    expect(early.statusCode).toBe(409);
    expect(await problemOf(early)).toMatchObject({
      type: problemTypes[409],
      detail: 'cannot record a consultation response while the post is awaiting-approval',
    });
    const view = await api.waitForPost(untouched, () => true);
    expect(view.stage).toBe('awaiting-approval');
    expect(view.decisions.map((decision) => decision.action)).toEqual(['budget check']);
  });
});

describe('the OpenAPI document', () => {
  it('lists every post and route command, each with its Idempotency-Key header', async () => {
    const response = await api.request(undefined, { method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json() as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>
      >;
    };
    expect(document.openapi).toMatch(/^3\./);
    const commandPaths = [
      ...postCommand.options.map((option) => `/api/posts/{postId}/${option.shape.type.value}`),
      ...routeCommand.options.map((option) => `/api/posts/{postId}/route/${option.shape.type.value}`),
    ];
    expect(commandPaths).toHaveLength(27);
    for (const path of commandPaths) {
      const parameters = document.paths[path]?.post?.parameters ?? [];
      expect(parameters, path).toContainEqual(
        expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true }),
      );
    }
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/proposals', '/api/posts', '/api/posts/{postId}', '/api/inbox']),
    );
    const docs = await api.request(undefined, { method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
