import { describe, expect, it } from 'vitest';
import { listPosts, listProposals } from '../../projections/catalogueQueries.js';
import { postViewOfRecord } from '../../projections/catalogueView.js';
import {
  applyCatalogueMessage,
  emptyCatalogue,
  type PostCatalogue,
} from '../../projections/postCatalogue.js';
import type { PostEvent } from '../../schemas/postEvents.js';
import { day, postEvents } from './postEventFixtures.js';

const socialWorker = { serviceArea: 'Social Work', grade: 'PO3', fte: 1, annualCostPence: 4_962_900 };
const therapist = {
  serviceArea: 'Occupational Therapy',
  grade: 'PO1',
  fte: 0.5,
  annualCostPence: 2_229_050,
  jobTitle: 'Community Occupational Therapist',
};

function catalogueOf(events: PostEvent[]): PostCatalogue {
  const catalogue = emptyCatalogue();
  for (const event of events) applyCatalogueMessage(catalogue, JSON.stringify(event));
  return catalogue;
}

const hr = { id: 'hr.sam', roles: ['hr'] };
const viewer = { id: 'viewer.pat', roles: ['viewer'] };

describe('the post catalogue', () => {
  const filled = postEvents('seed.L1.P1');
  const waiting = postEvents('seed.L2.P1');
  const story = [
    filled.proposed(0, socialWorker),
    filled.reserved(0, 4_962_900),
    filled.approved(3),
    filled.consulted(4, 'union'),
    filled.consulted(4, 'executive-member'),
    filled.consulted(5, 'equality'),
    filled.consultationCompleted(5),
    filled.routeStarted(6, 'step-up'),
    filled.filled(30, 'step-up'),
    waiting.proposed(1, therapist),
    waiting.reserved(1, 2_229_050),
    waiting.reminded(8),
  ];

  it('keeps a closed post’s whole story with who, when, on what authority and why', () => {
    const post = catalogueOf(story).posts['seed.L1.P1'];
    expect(post).toMatchObject({
      stage: 'filled',
      closedAt: day(30),
      route: 'step-up',
      jobTitle: 'Social worker',
    });
    expect(post?.steps.map((step) => step.type)).toEqual(story.slice(0, 9).map((event) => event.type));
    const view = postViewOfRecord(post as NonNullable<typeof post>);
    expect(view.decisions.find((d) => d.action === 'approve')).toMatchObject({
      at: day(3),
      actor: { role: 'director' },
    });
    expect(view.waitingFor).toBe('nothing: the post is filled');
  });

  it('keeps the approval policy a post started under, for the post page once it has closed', () => {
    const post = postEvents('policy.L1.P1');
    const proposed = post.proposed(0, socialWorker);
    const withPolicy = {
      ...proposed,
      data: { ...proposed.data, approvalPolicyVersion: '2026-12 default' },
    } as PostEvent;
    const catalogued = catalogueOf([withPolicy, post.reserved(0, 4_962_900), post.rejected(2)]).posts[
      'policy.L1.P1'
    ];
    expect(catalogued?.approvalPolicyVersion).toBe('2026-12 default');
    expect(postViewOfRecord(catalogued as NonNullable<typeof catalogued>).approvalPolicyVersion).toBe(
      '2026-12 default',
    );
  });

  it('counts the same event twice once', () => {
    const catalogue = catalogueOf([...story, story[2] as PostEvent]);
    expect(applyCatalogueMessage(catalogue, JSON.stringify(story[2])).outcome.kind).toBe('duplicate');
    expect(catalogue.posts['seed.L1.P1']?.steps).toHaveLength(9);
  });

  it('lists posts with title, cost and days waiting, filtered, sorted and paged', () => {
    const catalogue = catalogueOf(story);
    const now = Date.parse(day(11));
    const open = listPosts(catalogue, { open: true }, hr, now);
    expect(open.items).toEqual([
      expect.objectContaining({
        postId: 'seed.L2.P1',
        jobTitle: 'Community Occupational Therapist',
        annualCostPence: 2_229_050,
        fte: 0.5,
        stage: 'awaiting-approval',
        daysWaiting: 10,
        overdue: true,
        proposedBy: 'hr.sam',
      }),
    ]);
    expect(listPosts(catalogue, { text: 'occupational therapist' }, hr, now).total).toBe(1);
    expect(listPosts(catalogue, { stages: ['filled'] }, hr, now).items.map((i) => i.postId)).toEqual([
      'seed.L1.P1',
    ]);
    expect(listPosts(catalogue, { sort: 'cost' }, hr, now).items.map((i) => i.postId)).toEqual([
      'seed.L1.P1',
      'seed.L2.P1',
    ]);
    expect(
      listPosts(catalogue, { sort: 'cost', descending: false }, hr, now).items.map((i) => i.postId),
    ).toEqual(['seed.L2.P1', 'seed.L1.P1']);
    const paged = listPosts(catalogue, { perPage: 1, page: 2, sort: 'title' }, hr, now);
    expect(paged).toMatchObject({ total: 2, pages: 2, page: 2, items: [{ postId: 'seed.L1.P1' }] });
  });

  it('lists a confidential post only for HR and the people named on it', () => {
    const secret = postEvents('restructure.L1.P1', 'restructure');
    const proposed = secret.proposed(0, socialWorker);
    const catalogue = catalogueOf([
      { ...proposed, data: { ...proposed.data, confidential: true } } as PostEvent,
    ]);
    expect(listPosts(catalogue, {}, viewer).total).toBe(0);
    expect(listProposals(catalogue, {}, viewer).total).toBe(0);
    expect(listPosts(catalogue, {}, hr).total).toBe(1);
  });

  it('lists proposals with their posts, FTE and cost', () => {
    const page = listProposals(catalogueOf(story), {}, hr);
    expect(page.items).toEqual([
      expect.objectContaining({
        proposalId: 'seed-2022',
        posts: 2,
        open: 1,
        fte: 1.5,
        annualCostPence: 7_191_950,
      }),
    ]);
  });
});
