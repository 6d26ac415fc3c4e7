import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostView } from '../../contract/postView.js';
import { type ApiTestApp, startApiTestApp, users } from './apiTestApp.js';

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

async function approvals(postId: string): Promise<number> {
  const view = await api.waitForPost(postId, () => true);
  return view.decisions.filter((decision) => decision.action === 'approve').length;
}

describe('Idempotency-Key: a retried command has one effect', () => {
  it('answers a repeated decision with the first response and records one decision', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `decide-${randomUUID()}`;
    const first = await api.command(users.director, postId, 'decide', approval, key);
    expect(first.statusCode, first.body).toBe(200);
    const retry = await api.command(users.director, postId, 'decide', approval, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect((first.json() as PostView).stage).toBe('consultation');
    expect(await approvals(postId)).toBe(1);
    expect(await acceptedUpdates(postId)).toBe(1);
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

  it('gives two concurrent requests with one key a single effect and the same answer', async () => {
    const [postId = ''] = (await api.propose()).postIds;
    const key = `withdraw-${randomUUID()}`;
    const body = { reason: 'Funding moved to agency cover' };
    const [one, two] = await Promise.all([
      api.command(users.hr, postId, 'withdraw', body, key),
      api.command(users.hr, postId, 'withdraw', body, key),
    ]);
    expect(one?.statusCode, one?.body).toBe(200);
    expect(two?.statusCode, two?.body).toBe(200);
    expect(two?.json()).toEqual(one?.json());
    const view = await api.waitForPost(postId, (post) => post.stage === 'withdrawn');
    expect(view.decisions.filter((decision) => decision.action === 'withdraw')).toHaveLength(1);
  });

  it('keeps a key to the post it was sent to: the same key on another post is another command', async () => {
    const [first = '', second = ''] = (await api.propose({ fteCount: 2 })).postIds;
    const key = `decide-${randomUUID()}`;
    const one = await api.command(users.director, first, 'decide', approval, key);
    const two = await api.command(users.director, second, 'decide', approval, key);
    expect([one.statusCode, two.statusCode]).toEqual([200, 200]);
    expect(await approvals(first)).toBe(1);
    expect(await approvals(second)).toBe(1);
  });
});
