import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostView } from '../../contract/postView.js';
import { proposal } from '../../schemas/proposal.js';
import { CommandRefused } from '../../temporal/postService.js';
import { problemTypeOf } from '../../web/api/problems.js';
import { type ApiTestApp, oneLineProposal, startApiTestApp, uniqueProposalId, users } from './apiTestApp.js';

let api: ApiTestApp;

beforeAll(async () => {
  api = await startApiTestApp();
});

afterAll(async () => {
  await api?.stop();
});

const approval = { decision: 'approve', reason: 'Meets rising demand' };

/** Updates the post's Temporal history accepted: one per command that took effect. */
async function acceptedUpdates(postId: string): Promise<number> {
  const history = await api.dev.client.workflow.getHandle(postId).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionUpdateAcceptedEventAttributes)
    .length;
}

/** Every Update the post's history has seen, accepted or not: a refusal at the edge adds none. */
async function updateEvents(postId: string): Promise<number> {
  const history = await api.dev.client.workflow.getHandle(postId).fetchHistory();
  return (history.events ?? []).filter(
    (event) =>
      event.workflowExecutionUpdateAcceptedEventAttributes ||
      event.workflowExecutionUpdateAdmittedEventAttributes ||
      event.workflowExecutionUpdateCompletedEventAttributes,
  ).length;
}

async function approvals(postId: string): Promise<number> {
  const view = await api.waitForPost(postId, () => true);
  return view.decisions.filter((decision) => decision.action === 'approve').length;
}

function expectKeyReused(response: {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): unknown;
}) {
  expect(response.statusCode).toBe(422);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    type: problemTypeOf('idempotency-key-reused'),
    status: 422,
    errors: [{ field: 'idempotency-key' }],
  });
}

describe('Idempotency-Key: a retried command has one effect', () => {
  it('answers the exact replay with the first response, marked as a replay, and audits it as one', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `decide-${randomUUID()}`;
    const first = await api.command(users.director, postId, 'decide', approval, key);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const retry = await api.command(users.director, postId, 'decide', approval, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.body).toBe(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect((first.json() as PostView).stage).toBe('consultation');
    expect(await approvals(postId)).toBe(1);
    expect(await acceptedUpdates(postId)).toBe(1);
    const attempts = (await api.audit.forPost(postId)).filter((entry) => entry.idempotencyKey === key);
    expect(attempts.map((entry) => [entry.outcome, entry.status])).toEqual([
      ['accepted', 200],
      ['replayed', 200],
    ]);
  });

  it('takes the key in the draft’s Structured Field form ("…") as the same key', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `decide-${randomUUID()}`;
    const bare = await api.command(users.director, postId, 'decide', approval, key);
    const quoted = await api.command(users.director, postId, 'decide', approval, `"${key}"`);
    expect(bare.statusCode).toBe(200);
    expect(quoted.headers['idempotent-replayed']).toBe('true');
    expect(quoted.body).toBe(bare.body);
  });

  it('refuses the key with a different body with 422, and the post is unchanged', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `withdraw-${randomUUID()}`;
    const first = await api.command(users.hr, postId, 'withdraw', { reason: 'Funding moved' }, key);
    expect(first.statusCode, first.body).toBe(200);
    const before = await updateEvents(postId);
    const other = await api.command(users.hr, postId, 'withdraw', { reason: 'Another reason' }, key);
    expectKeyReused(other);
    expect(await updateEvents(postId)).toBe(before);
  });

  it('refuses the key from another person with 422 and never answers them with the first person’s result', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `decide-${randomUUID()}`;
    expect((await api.command(users.director, postId, 'decide', approval, key)).statusCode).toBe(200);
    const before = await updateEvents(postId);
    const deputy = await api.command(users.deputy, postId, 'decide', approval, key);
    expectKeyReused(deputy);
    expect(await updateEvents(postId)).toBe(before);
    expect(await approvals(postId)).toBe(1);
  });

  it('refuses the key on another post with 422, and that post is unchanged', async () => {
    const [first = '', second = ''] = (await api.propose({ fteCount: 2 })).postIds;
    const key = `decide-${randomUUID()}`;
    expect((await api.command(users.director, first, 'decide', approval, key)).statusCode).toBe(200);
    const before = await updateEvents(second);
    expectKeyReused(await api.command(users.director, second, 'decide', approval, key));
    expect(await updateEvents(second)).toBe(before);
    const view = await api.waitForPost(second, () => true);
    expect(view.stage).toBe('awaiting-approval');
    expect(await approvals(second)).toBe(0);
  });

  it('refuses the key on another command to the same post with 422', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `cmd-${randomUUID()}`;
    expect((await api.command(users.director, postId, 'decide', approval, key)).statusCode).toBe(200);
    const before = await updateEvents(postId);
    expectKeyReused(
      await api.command(users.director, postId, 'withdraw', { reason: 'Changed my mind' }, key),
    );
    expect(await updateEvents(postId)).toBe(before);
  });

  it('refuses the same decision under a different key with 409: the post is already decided', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const first = await api.command(users.director, postId, 'decide', approval, `decide-${randomUUID()}`);
    expect(first.statusCode).toBe(200);
    const another = await api.command(users.director, postId, 'decide', approval, `decide-${randomUUID()}`);
    expect(another.statusCode).toBe(409);
    expect(another.json()).toMatchObject({ detail: 'cannot decide while the post is consultation' });
    expect(await approvals(postId)).toBe(1);
    expect(await acceptedUpdates(postId)).toBe(1);
  });

  it('gives two concurrent requests with one key a single effect: the second waits its turn or is the replay', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `withdraw-${randomUUID()}`;
    const body = { reason: 'Funding moved to agency cover' };
    const answers = await Promise.all([
      api.command(users.hr, postId, 'withdraw', body, key),
      api.command(users.hr, postId, 'withdraw', body, key),
    ]);
    const statuses = answers.map((answer) => answer.statusCode).sort();
    // The draft's answer to a request whose first is still running is 409; a replay is the first's 200.
    expect([
      [200, 200],
      [200, 409],
    ]).toContainEqual(statuses);
    const inProgress = answers.find((answer) => answer.statusCode === 409);
    if (inProgress) expect(inProgress.json()).toMatchObject({ type: problemTypeOf('request-in-progress') });
    const view = await api.waitForPost(postId, (post) => post.stage === 'withdrawn');
    expect(view.decisions.filter((decision) => decision.action === 'withdraw')).toHaveLength(1);
    // Once the first is answered, the retry gets its answer.
    const retry = await api.command(users.hr, postId, 'withdraw', body, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  it('scopes the Temporal Update id to the person: another person’s command under the same key is judged on its own', async () => {
    // Straight to PostService, past the API's key store: only the Update id keeps them apart.
    const [postId = ''] = (await api.propose()).postIds;
    const service = api.posts;
    const key = `shared-${randomUUID()}`;
    const command = (actor: { id: string; role: 'director' | 'deputy' }) => ({
      type: 'decide' as const,
      actor,
      decision: 'approve' as const,
      reason: 'Approved',
    });
    await service.postCommand(postId, command(users.director), key);
    // The deputy holds no delegation: had the Update id been the bare key, Temporal would have
    // answered the deputy with the director's accepted result.
    await expect(service.postCommand(postId, command(users.deputy), key)).rejects.toBeInstanceOf(
      CommandRefused,
    );
    expect(await approvals(postId)).toBe(1);
  });
});

describe('POST /api/proposals: an id is used once', () => {
  const propose = (body: ReturnType<typeof oneLineProposal>, key: string) =>
    api.request(users.hr, {
      method: 'POST',
      url: '/api/proposals',
      headers: { 'idempotency-key': key },
      payload: body,
    });

  it('refuses a finished proposal’s id with 409, starts nothing and lists no duplicate', async () => {
    const { proposalId, postIds } = await api.propose();
    const [postId = ''] = postIds;
    // Whatever became of it: here its workflows are terminated.
    await api.dev.client.workflow.getHandle(proposalId).terminate('test: proposal ended');
    await api.dev.client.workflow.getHandle(postId).terminate('test: post ended');
    const again = await propose(oneLineProposal(proposalId), randomUUID());
    expect(again.statusCode, again.body).toBe(409);
    expect(again.json()).toMatchObject({
      type: problemTypeOf('id-already-used'),
      errors: [{ field: 'proposalId' }],
    });
    const runs = async (workflowId: string) => {
      let count = 0;
      for await (const _ of api.dev.client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
        count += 1;
      return count;
    };
    expect(await runs(proposalId)).toBe(1);
    expect(await runs(postId)).toBe(1);
    const listed = await api.request(users.hr, { method: 'GET', url: `/api/posts?proposalId=${proposalId}` });
    expect(
      (listed.json() as { postId: string }[]).filter((post) => post.postId === postId).length,
    ).toBeLessThanOrEqual(1);
  });

  it('refuses a running proposal’s id from another request (another key or body) with 409', async () => {
    const { proposalId } = await api.propose();
    const other = await propose({ ...oneLineProposal(proposalId), title: 'Another report' }, randomUUID());
    expect(other.statusCode).toBe(409);
  });

  it('answers the same request as started even when the key store has forgotten it (the workflow’s memo)', async () => {
    const proposalId = uniqueProposalId('memo');
    const body = oneLineProposal(proposalId);
    const key = randomUUID();
    const request = proposal.parse({ ...body, author: { id: users.hr.id, role: 'hr' } });
    expect(await api.posts.startProposal(request, key)).toEqual({ proposalId, started: true });
    api.startedProposal(proposalId, 1);
    expect(await api.posts.startProposal(request, key)).toEqual({ proposalId, started: true });
    await expect(api.posts.startProposal(request, randomUUID())).rejects.toMatchObject({ reason: 'id-used' });
  });
});
