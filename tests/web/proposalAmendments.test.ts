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

afterAll(async () => {
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
  await api.waitForPost(`${proposalId}.L1.P1`, (view) => view.stage === 'awaiting-approval');
  return proposalId;
}

const amend = (proposalId: string, key: string, lines = [familySupportWorkers]) =>
  api.request(users.hr, {
    method: 'POST',
    url: `/api/proposals/${proposalId}/amend`,
    headers: { 'idempotency-key': key },
    payload: { lines, reason: 'The Safe project’s two Family Support Workers, agreed after the report' },
  });

describe('amending a running proposal', () => {
  it('adds the lines’ posts against the same allocation, recorded with who and why, once per key', async () => {
    const proposalId = await proposeOnePost(15_000_000);
    const first = await amend(proposalId, `${proposalId}-amend`);
    expect(first.statusCode, first.body).toBe(200);
    const again = await amend(proposalId, `${proposalId}-amend`);
    expect(again.statusCode).toBe(200);
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
});
