import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../audit/auditEntry.js';
import { addWorkingDays, londonDateOf } from '../../../domain/workingDays.js';
import { type ApiTestApp, startApiTestApp, users } from '../apiTestApp.js';

let api: ApiTestApp;
let proposalId: string;
let postId: string;
const today = londonDateOf(Date.now());
const delegationEnds = addWorkingDays(today, 2);

const attemptsOn = async (id: string) => api.audit.forPost(id);

beforeAll(async () => {
  api = await startApiTestApp();
  ({
    proposalId,
    postIds: [postId = ''],
  } = await api.propose());
});

afterAll(async () => {
  await api?.stop();
});

describe('the audit log of API commands', () => {
  it('records the proposal as a propose attempt with its proposal id', async () => {
    const proposals = (await api.audit.all()).filter((entry) => entry.proposalId === proposalId);
    expect(proposals).toEqual([
      expect.objectContaining({
        actor: { id: users.hr.id, role: 'hr' },
        channel: 'api',
        command: 'propose',
        target: 'proposal',
        authority: 'hr',
        outcome: 'accepted',
        status: 201,
      }),
    ]);
    expect(proposals[0]?.postId).toBeUndefined();
  });

  it('records an accepted command: who, when, what, on what authority, and that it was accepted', async () => {
    const delegated = await api.command(users.director, postId, 'delegate', {
      delegateId: users.deputy.id,
      from: today,
      to: delegationEnds,
      reason: 'Annual leave',
    });
    expect(delegated.statusCode, delegated.body).toBe(200);
    const key = randomUUID();
    const sent = Date.now();
    const decided = await api.command(
      users.deputy,
      postId,
      'decide',
      { decision: 'approve', reason: 'Within the allocation' },
      key,
    );
    expect(decided.statusCode, decided.body).toBe(200);

    const [delegation, decision] = await attemptsOn(postId);
    expect(delegation).toMatchObject({ command: 'delegate', authority: 'director', reason: 'Annual leave' });
    expect(decision).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actor: { id: users.deputy.id, role: 'deputy' },
      channel: 'api',
      command: 'decide',
      target: 'post',
      postId,
      idempotencyKey: key,
      // The authority the workflow decided under, not just the role.
      authority: `delegated by ${users.director.id} from ${today} to ${delegationEnds}`,
      reason: 'Within the allocation',
      outcome: 'accepted',
      status: 200,
    } satisfies AuditEntry);
    const at = Date.parse(decision?.at ?? '');
    expect(at).toBeGreaterThanOrEqual(sent - 1);
    expect(at).toBeLessThanOrEqual(Date.now());
  });

  it('records a command the role table refuses (403), though it never reached the workflow', async () => {
    const history = async () =>
      (await api.dev.client.workflow.getHandle(postId).fetchHistory()).events?.length;
    const before = await history();
    const response = await api.command(users.union, postId, 'decide', { decision: 'reject', reason: 'No' });
    expect(response.statusCode).toBe(403);
    expect(await history()).toBe(before);
    expect((await attemptsOn(postId)).at(-1)).toMatchObject({
      actor: { id: users.union.id, role: 'union' },
      command: 'decide',
      authority: 'union',
      reason: 'No',
      outcome: 'refused',
      status: 403,
      refusal: 'a union representative may not send decide',
    });
  });

  it('records a command the workflow refuses as a conflict (409), with its reason', async () => {
    const response = await api.command(users.director, postId, 'decide', {
      decision: 'approve',
      reason: 'Approving again',
    });
    expect(response.statusCode).toBe(409);
    expect((await attemptsOn(postId)).at(-1)).toMatchObject({
      actor: { id: users.director.id, role: 'director' },
      command: 'decide',
      authority: 'director',
      outcome: 'refused',
      status: 409,
      refusal: 'cannot decide while the post is consultation',
    });
  });

  it('records an invalid command (400), naming the field that is wrong', async () => {
    const response = await api.command(users.director, postId, 'decide', { decision: 'approve' });
    expect(response.statusCode).toBe(400);
    const entry = (await attemptsOn(postId)).at(-1);
    expect(entry).toMatchObject({ command: 'decide', outcome: 'refused', status: 400 });
    expect(entry?.refusal).toMatch(/reason/);
    expect(entry?.reason).toBeUndefined();
  });

  it('records a route command against its post, and nothing for a request nobody signed in to', async () => {
    const before = (await api.audit.all()).length;
    const anonymous = await api.request(undefined, {
      method: 'POST',
      url: `/api/posts/${postId}/withdraw`,
      headers: { 'idempotency-key': randomUUID() },
      payload: { reason: 'Nobody' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await api.audit.all()).toHaveLength(before);

    const shortlist = await api.request(users.hr, {
      method: 'POST',
      url: `/api/posts/${postId}/route/shortlist`,
      headers: { 'idempotency-key': randomUUID() },
      payload: { candidateRefs: ['cand-1'] },
    });
    // The post has no recruitment route yet.
    expect(shortlist.statusCode, shortlist.body).toBe(404);
    expect((await attemptsOn(postId)).at(-1)).toMatchObject({
      command: 'shortlist',
      target: 'route',
      postId,
      outcome: 'refused',
      status: 404,
      refusal: 'no such post or proposal',
    });
  });
});

describe('reading the audit log', () => {
  it('shows a post’s attempts, oldest first, to anyone who can read the post', async () => {
    const response = await api.request(users.viewer, { method: 'GET', url: `/api/posts/${postId}/audit` });
    expect(response.statusCode, response.body).toBe(200);
    const attempts = response.json() as AuditEntry[];
    expect(attempts.map((entry) => [entry.command, entry.status])).toEqual([
      ['delegate', 200],
      ['decide', 200],
      ['decide', 403],
      ['decide', 409],
      ['decide', 400],
      ['shortlist', 404],
    ]);
    const anonymous = await api.request(undefined, { method: 'GET', url: `/api/posts/${postId}/audit` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('exports a post’s attempts as CSV, one row per attempt, to director, deputy, HR and finance only', async () => {
    const url = `/api/audit.csv?postId=${encodeURIComponent(postId)}`;
    const response = await api.request(users.finance, { method: 'GET', url });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="audit-${postId}.csv"`);
    const rows = response.body.split('\r\n').filter(Boolean);
    expect(rows[0]).toMatch(/^When,User,Role,Channel,Command/);
    expect(rows).toHaveLength(1 + (await attemptsOn(postId)).length);
    expect(rows[3]).toContain(',union.unison,union,api,decide,post,');
    for (const role of ['director', 'deputy', 'hr'] as const) {
      expect((await api.request(users[role], { method: 'GET', url })).statusCode, role).toBe(200);
    }
    for (const role of ['viewer', 'union', 'executive-member', 'equality-lead'] as const) {
      expect((await api.request(users[role], { method: 'GET', url })).statusCode, role).toBe(403);
    }
  });

  it('exports every attempt without a post id', async () => {
    const response = await api.request(users.director, { method: 'GET', url: '/api/audit.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toBe('attachment; filename="audit.csv"');
    const rows = response.body.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + (await api.audit.all()).length);
  });
});
