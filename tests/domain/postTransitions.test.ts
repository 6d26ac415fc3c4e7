import { describe, expect, it } from 'vitest';
import type { PostView } from '../../contract/postView.js';
import type { PostStage } from '../../domain/postRules.js';
import { applyPostCommand, type PostTransitionSettings, waitingForOf } from '../../domain/postTransitions.js';
import type { Actor } from '../../schemas/common.js';
import type { PostCommandOf } from '../../schemas/postCommands.js';

const AT = '2026-12-03T10:00:00.000Z';
const director: Actor = { id: 'director.julie', role: 'director' };
const hr: Actor = { id: 'hr.sam', role: 'hr' };
const union: Actor = { id: 'union.unison', role: 'union' };
const settings: PostTransitionSettings = { openForCallIn: true, maxReadverts: 1 };

function postAt(stage: PostStage, more: Partial<PostView> = {}): PostView {
  return {
    postId: 'P-1',
    proposalId: 'PR-1',
    details: {
      serviceArea: 'Children in care',
      jobTitle: 'Social Worker',
      grade: 'PO3',
      annualCostPence: 4_600_000,
      fte: 1,
    },
    proposedBy: hr,
    decisionMaker: director.id,
    deputy: 'deputy.farrah',
    confidential: false,
    maxReadverts: 1,
    stage,
    waitingFor: waitingForOf({ stage, consultation: {} }),
    budget: { reservedPence: 4_600_000 },
    remindersSent: 0,
    escalated: false,
    overdue: false,
    delegations: [],
    consultation: {},
    adverts: { count: 0 },
    decisions: [],
    ...more,
  } as PostView;
}

/** The union's answer to the consultation: no concerns. */
const unionAgrees = {
  type: 'record-consultation',
  actor: union,
  party: 'union',
  outcome: 'no-concerns',
  summary: 'Agreed',
} as const;

const typesOf = (events: { type: string }[]) => events.map((event) => event.type);

describe('a post command applied to a post', () => {
  it('returns the post after an approval and its event, leaving the post it was given unchanged', () => {
    const before = postAt('awaiting-approval');
    const copy = structuredClone(before);
    const decide = { type: 'decide', actor: director, decision: 'approve', reason: 'Needed' } as const;
    const { view, events } = applyPostCommand(before, settings, decide, 'as decision maker', AT);
    expect(before).toEqual(copy);
    expect(view.stage).toBe('consultation');
    expect(view.waitingFor).toBe(
      'the consultation response of the trade union, Executive Member and equality lead',
    );
    expect(view.decisions).toEqual([
      { action: 'approve', actor: director, authority: 'as decision maker', reason: 'Needed', at: AT },
    ]);
    expect(events).toEqual([
      { type: 'PostApproved', actor: director, data: { authority: 'as decision maker', reason: 'Needed' } },
    ]);
  });

  it('rejects: the event names the stage the post was rejected in, and the post ends', () => {
    const decide = { type: 'decide', actor: director, decision: 'reject', reason: 'No money' } as const;
    const { view, events } = applyPostCommand(postAt('budget-held'), settings, decide, 'dm', AT);
    expect(view.stage).toBe('rejected');
    expect(events).toEqual([
      {
        type: 'PostRejected',
        actor: director,
        data: { authority: 'dm', reason: 'No money', stage: 'budget-held' },
      },
    ]);
  });

  it('sends back and forgets the consultation so far', () => {
    const consulted = postAt('concerns-raised', {
      consultation: { union: { outcome: 'concerns-raised', summary: 'Caseloads' } },
    });
    const decide = { type: 'decide', actor: director, decision: 'send-back', reason: 'Rethink' } as const;
    const { view, events } = applyPostCommand(consulted, settings, decide, 'dm', AT);
    expect(view.stage).toBe('sent-back');
    expect(view.consultation).toEqual({});
    expect(consulted.consultation).toEqual({ union: { outcome: 'concerns-raised', summary: 'Caseloads' } });
    expect(typesOf(events)).toEqual(['PostSentBack']);
  });

  it.each([
    [true, 'call-in-period'],
    [false, 'ready-to-recruit'],
  ] as const)(
    'completes consultation with the last response (open for call-in: %s → %s)',
    (openForCallIn, next) => {
      const almost = postAt('consultation', {
        consultation: {
          'executive-member': { outcome: 'no-concerns', summary: 'Fine' },
          equality: { outcome: 'no-concerns', summary: 'Fine' },
        },
      });
      const { view, events } = applyPostCommand(
        almost,
        { ...settings, openForCallIn },
        unionAgrees,
        'union',
        AT,
      );
      expect(view.stage).toBe(next);
      expect(typesOf(events)).toEqual(['ConsultationResponseRecorded', 'ConsultationCompleted']);
    },
  );

  it('waits for the parties still to answer, and names them', () => {
    const { view, events } = applyPostCommand(postAt('consultation'), settings, unionAgrees, 'union', AT);
    expect(view.stage).toBe('consultation');
    expect(view.waitingFor).toBe('the consultation response of the Executive Member and equality lead');
    expect(typesOf(events)).toEqual(['ConsultationResponseRecorded']);
  });

  it('says the adverts are exhausted when no applicant is suitable after the last re-advert', () => {
    const record = { type: 'record-applications', actor: hr, received: 4, suitable: 0 } as const;
    const second = applyPostCommand(
      postAt('awaiting-applications', { adverts: { count: 2 } }),
      settings,
      record,
      'hr',
      AT,
    );
    expect(second.view.stage).toBe('no-suitable-applicants');
    expect(second.events.map((event) => [event.type, event.data])).toEqual([
      ['ApplicationsRecorded', { advertNumber: 2, received: 4, suitable: 0 }],
      ['AdvertsExhausted', { adverts: 2 }],
    ]);
    const first = applyPostCommand(
      postAt('awaiting-applications', { adverts: { count: 1 } }),
      settings,
      record,
      'hr',
      AT,
    );
    expect(typesOf(first.events)).toEqual(['ApplicationsRecorded']);
  });

  it('ends agency cover: the cover leaves the post and the event says why; with none, only the decision is kept', () => {
    const cover = { agencyRef: 'AG-1', startsOn: '2026-11-02', weeklyCostPence: 150_000, fte: 1 };
    const end = { type: 'end-agency-cover', actor: hr, endsOn: '2026-12-04' } as const;
    const covered = postAt('advertised', { agencyCover: cover });
    const { view, events } = applyPostCommand(covered, settings, end, 'hr', AT);
    expect(view.agencyCover).toBeUndefined();
    expect('agencyCover' in view).toBe(false);
    expect(covered.agencyCover).toEqual(cover);
    expect(events).toEqual([
      {
        type: 'AgencyCoverEnded',
        actor: hr,
        data: { agencyRef: 'AG-1', endsOn: '2026-12-04', reason: 'cover no longer needed' },
      },
    ]);
    const none = applyPostCommand(postAt('advertised'), settings, end, 'hr', AT);
    expect(none.events).toEqual([]);
    expect(none.view.decisions.map((entry) => entry.action)).toEqual(['end-agency-cover']);
  });

  it('withdraws under the authority given, naming the stage it was withdrawn from', () => {
    const withdraw = { type: 'withdraw', actor: hr, reason: 'Reorganised' } as const;
    const { view, events } = applyPostCommand(postAt('advertised'), settings, withdraw, 'proposer', AT);
    expect(view.stage).toBe('withdrawn');
    expect(view.decisions.at(-1)).toMatchObject({ action: 'withdraw', authority: 'proposer' });
    expect(events).toEqual([
      { type: 'PostWithdrawn', actor: hr, data: { reason: 'Reorganised', stage: 'advertised' } },
    ]);
  });

  it('counts an advert and writes its number on the decision and the event', () => {
    const publish: PostCommandOf<'publish-advert'> = {
      type: 'publish-advert',
      actor: hr,
      channels: ['council-jobs-page'],
      opensOn: '2026-12-03',
      closesOn: '2026-12-17',
      ringFence: 'external',
    };
    const { view, events } = applyPostCommand(
      postAt('no-suitable-applicants', { adverts: { count: 1, lastSuitable: 0 } }),
      settings,
      publish,
      'hr',
      AT,
    );
    expect(view.adverts).toEqual({ count: 2, closesOn: '2026-12-17' });
    expect(view.decisions.at(-1)?.reason).toBe('advert 2');
    expect(events[0]?.data).toMatchObject({ advertNumber: 2, ringFence: 'external' });
  });
});
