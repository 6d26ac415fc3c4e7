import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerViewQuery } from '../../contract/ledgerMessages.js';
import { type ApiTestApp, oneLineProposal, startApiTestApp, uniqueProposalId, users } from './apiTestApp.js';

// The Safe project's two Family Support Workers were added after the report's cost table: an
// amendment of the running proposal against its own allocation, not a second proposal and budget.
let api: ApiTestApp;
const familySupportWorkers = {
  serviceArea: 'Safe project',
  jobTitle: 'Family Support Worker',
  grade: 'C3',
  annualCostPence: 3_541_900,
  fteCount: 2,
};

beforeAll(async () => {
  api = await startApiTestApp();
});

/** Posts amendments added: stop() ends only a proposal's first line, so these are ended here. */
const amendedPosts = new Set<string>();

afterAll(async () => {
  for (const postId of amendedPosts) {
    for (const id of [postId, `${postId}.route`]) {
      await api?.dev.client.workflow
        .getHandle(id)
        .terminate('test over')
        .catch(() => undefined);
    }
  }
  await api?.stop();
});

async function proposeOnePost(allocationPence: number): Promise<string> {
  const proposalId = uniqueProposalId('amend');
  const response = await api.request(users.hr, {
    method: 'POST',
    url: '/api/proposals',
    headers: { 'idempotency-key': proposalId },
    payload: { ...oneLineProposal(proposalId), allocationPence },
  });
  expect(response.statusCode, response.body).toBe(201);
  api.startedProposal(proposalId, 1);
  await api.waitForPost(`${proposalId}.L1.P1`, (view) => view.stage === 'awaiting-approval');
  return proposalId;
}

async function amend(proposalId: string, key: string, lines = [familySupportWorkers]) {
  const response = await api.request(users.hr, {
    method: 'POST',
    url: `/api/proposals/${proposalId}/amend`,
    headers: { 'idempotency-key': key },
    payload: { lines, reason: 'The Safe project’s two Family Support Workers, agreed after the report' },
  });
  if (response.statusCode === 200) {
    for (const post of (response.json() as { posts: { postId: string }[] }).posts)
      if (!post.postId.endsWith('.L1.P1')) amendedPosts.add(post.postId);
  }
  return response;
}

describe('amending a running proposal', () => {
  it('adds the lines’ posts against the same allocation, recorded with who and why, once per key', async () => {
    const proposalId = await proposeOnePost(15_000_000);
    const first = await amend(proposalId, `${proposalId}-amend`);
    expect(first.statusCode, first.body).toBe(200);
    const again = await amend(proposalId, `${proposalId}-amend`);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const view = first.json();
    expect(view.posts.map((post: { postId: string }) => post.postId)).toEqual([
      `${proposalId}.L1.P1`,
      `${proposalId}.L2.P1`,
      `${proposalId}.L2.P2`,
    ]);
    expect(view.amendments).toEqual([
      expect.objectContaining({
        by: { id: users.hr.id, role: 'hr' },
        reason: 'The Safe project’s two Family Support Workers, agreed after the report',
        postIds: [`${proposalId}.L2.P1`, `${proposalId}.L2.P2`],
      }),
    ]);
    for (const postId of [`${proposalId}.L2.P1`, `${proposalId}.L2.P2`]) {
      await api.waitForPost(postId, (post) => post.stage === 'awaiting-approval');
    }
    const ledger = await api.dev.client.workflow.getHandle(`${proposalId}.budget`).query(ledgerViewQuery);
    expect(ledger.committed).toBe(4_962_900 + 2 * 3_541_900);
    const reread = await api.request(users.hr, { method: 'GET', url: `/api/proposals/${proposalId}` });
    expect(reread.json().amendments).toHaveLength(1);
  });

  it('refuses lines that do not fit what the allocation has left, saying how much, and adds nothing', async () => {
    const proposalId = await proposeOnePost(6_000_000);
    const response = await amend(proposalId, `${proposalId}-too-much`);
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toBe(
      'the new lines cost £70,838 a year but only £10,371 of the allocation is left',
    );
    const view = (await api.request(users.hr, { method: 'GET', url: `/api/proposals/${proposalId}` })).json();
    expect(view.posts).toHaveLength(1);
  });

  it('refuses an amendment from a director (403)', async () => {
    const proposalId = await proposeOnePost(15_000_000);
    const response = await api.request(users.director, {
      method: 'POST',
      url: `/api/proposals/${proposalId}/amend`,
      headers: { 'idempotency-key': `${proposalId}-director` },
      payload: { lines: [familySupportWorkers], reason: 'More staff' },
    });
    expect(response.statusCode).toBe(403);
  });

  it('refuses the same Idempotency-Key with other lines (422), a reason holding personal data (400) and lines past what one proposal holds (400), adding nothing', async () => {
    const proposalId = await proposeOnePost(15_000_000);
    const key = `${proposalId}-once`;
    expect((await amend(proposalId, key)).statusCode).toBe(200);
    const reused = await amend(proposalId, key, [{ ...familySupportWorkers, fteCount: 1 }]);
    expect(reused.statusCode, reused.body).toBe(422);
    expect(reused.json()).toMatchObject({ errors: [{ field: 'idempotency-key' }] });

    const personal = await api.request(users.hr, {
      method: 'POST',
      url: `/api/proposals/${proposalId}/amend`,
      headers: { 'idempotency-key': `${proposalId}-personal` },
      payload: { lines: [familySupportWorkers], reason: 'As agreed with jane.smith@example.org' },
    });
    expect(personal.statusCode, personal.body).toBe(400);
    expect(personal.json()).toMatchObject({
      errors: [
        { field: 'reason', message: 'A reason must not contain personal data: remove the email address' },
      ],
    });

    const tooMany = await amend(proposalId, `${proposalId}-too-many`, [
      { ...familySupportWorkers, annualCostPence: 1, fteCount: 1_000 },
    ]);
    expect(tooMany.statusCode, tooMany.body).toBe(400);
    expect(tooMany.json()).toMatchObject({
      errors: [
        { field: 'lines', message: expect.stringContaining('would bring the proposal to 1,003 posts') },
      ],
    });

    const view = (await api.request(users.hr, { method: 'GET', url: `/api/proposals/${proposalId}` })).json();
    expect(view.posts).toHaveLength(3);
    expect(view.amendments).toHaveLength(1);
  });

  it('answers 404 for an amendment sent to a post id', async () => {
    const proposalId = await proposeOnePost(15_000_000);
    const response = await amend(`${proposalId}.L1.P1`, `${proposalId}-post`);
    expect(response.statusCode, response.body).toBe(404);
    expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  });
});
