import { describe, expect, it } from 'vitest';
import { handOffMessage, postLink } from '../../../notifications/dispatcher/handOffMessages.js';
import { type HandOff, handOffsOf } from '../../../notifications/dispatcher/handOffs.js';
import { foldFacts } from '../../../notifications/dispatcher/postFacts.js';
import type { Actor } from '../../../schemas/common.js';
import { type PostEventType, postEventTypes } from '../../../schemas/postEvents.js';
import {
  anEvent,
  candidateRef,
  deputy,
  director,
  directory,
  factsOfPost,
  freeText,
  hrColleague,
  proposer,
  sampleData,
  system,
  unionRep,
} from './dispatcherFixtures.js';

const people = directory();
const context = { publicUrl: 'http://127.0.0.1:3000', nameOf: (id: string) => people.nameOf(id) };
const link = 'http://127.0.0.1:3000/posts/ot-2026.L1.P1';

/** Who records each event in the product, so that someone is told of it. */
const actorOf: Partial<Record<PostEventType, Actor>> = {
  PostProposed: proposer,
  BudgetReserved: proposer,
  DecisionDelegated: director,
  PostApproved: director,
  PostRejected: director,
  PostSentBack: director,
  ConsultationResponseRecorded: unionRep,
  DecisionCalledIn: deputy,
};

function messagesOf(type: PostEventType, data: object = {}, facts = factsOfPost()) {
  const event = anEvent(type, { ...sampleData[type], ...data } as never, actorOf[type] ?? hrColleague);
  const after = foldFacts(facts, event);
  return handOffsOf(event, facts, after, people).map((handOff) => ({
    handOff,
    message: handOffMessage(handOff, event, after, context),
  }));
}

function only(type: PostEventType, data: object = {}, facts = factsOfPost()) {
  const [first] = messagesOf(type, data, facts);
  if (!first) throw new Error(`${type} told nobody`);
  return first.message;
}

describe('the message of each hand-off', () => {
  it('asks the director to decide, in GOV.UK style: what happened, the post, what to do and where', () => {
    const message = only('BudgetReserved');
    expect(message.subject).toBe('Decision needed: Community Occupational Therapist (PO1)');
    expect(message.body).toBe(
      [
        'Sam Okafor has proposed this post for your decision. It fits its budget allocation: £1,422,528 of £1,500,000 is now committed.',
        '',
        'Post: Community Occupational Therapist',
        'Grade: PO1',
        'Service area: Occupational Therapy',
        'Cost: £44,581 a year',
        '',
        'Approve it, reject it or send it back for changes:',
        link,
        '',
      ].join('\n'),
    );
    expect(message.link).toBe(link);
  });

  it('tells a revision apart from a first proposal', () => {
    const message = only('BudgetReserved', {}, factsOfPost({ revised: true }));
    expect(message.body).toContain('Sam Okafor has revised this post after it was sent back.');
  });

  it('states a shortfall in pounds', () => {
    const message = only('BudgetShortfall');
    expect(message.subject).toBe('Held, over budget: Community Occupational Therapist (PO1)');
    expect(message.body).toContain(
      'It costs £44,581 a year. £1,493,366 of the £1,500,000 allocation is already committed, so it is £37,947 short.',
    );
    expect(message.body).not.toMatch(/pence|4458100|4_458_100/);
  });

  it('writes dates the UK way', () => {
    expect(only('DecisionDelegated').body).toContain(
      'Julie Longworth has delegated the decision on this post to you from 2 December 2026 to 9 December 2026.',
    );
  });

  it('names the deputy’s director on an escalation, and the working days waited', () => {
    expect(only('ApprovalEscalated', {}).body).toContain(
      'This post has waited 10 working days for a decision by Julie Longworth, so it is escalated to you as their deputy.',
    );
    expect(only('ApprovalReminderSent').body).toContain('waited 5 working days for your decision');
  });

  it('asks each consultee for their own parts', () => {
    const byPerson = new Map(messagesOf('PostApproved').map(({ handOff, message }) => [handOff.to, message]));
    expect(byPerson.get('union.unison')?.body).toContain('Record the trade union’s consultation response:');
    expect(byPerson.get('equality.twohats')?.body).toContain(
      'Record the Executive Member briefing and the equality (EDCI) screening:',
    );
    expect(byPerson.get('hr.sam')?.subject).toBe('Approved: Community Occupational Therapist (PO1)');
  });

  it('counts applications in words', () => {
    expect(only('ApplicationsRecorded').body).toContain('1 of the 4 applications to advert 1 is suitable.');
    expect(only('ApplicationsRecorded', { received: 1, suitable: 0 }).body).toContain(
      'None of the 1 application to advert 1 is suitable.',
    );
    expect(only('ApplicationsRecorded', { received: 0, suitable: 0 }).body).toContain(
      'Advert 1 received no applications.',
    );
  });

  it('asks for sponsorship, not checks, after an international offer is accepted', () => {
    expect(only('OfferAccepted', {}, factsOfPost({ route: 'international' })).body).toContain(
      'Assign the certificate of sponsorship:',
    );
  });

  it('keeps a subject on one line of at most 200 characters, whatever the job title', () => {
    const facts = factsOfPost({ jobTitle: `Senior\r\nBcc: everyone@council.example ${'x'.repeat(300)}` });
    const message = only('BudgetShortfall', {}, facts);
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.subject.length).toBeLessThanOrEqual(200);
  });

  it('links to the post’s page on PUBLIC_URL, its id escaped', () => {
    expect(postLink('https://posts.council.example', 'seed:2022.L1.P1')).toBe(
      'https://posts.council.example/posts/seed%3A2022.L1.P1',
    );
  });

  // Every event type, every person told: the link is there; free text, candidates and pence are not.
  const told = postEventTypes.flatMap((type) =>
    messagesOf(type).map(({ handOff, message }) => [`${type} → ${handOff.to}`, handOff, message] as const),
  );

  it('covers a message for every kind of hand-off', () => {
    const kinds = new Set(told.map(([, handOff]) => handOff.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(18);
  });

  it.each(told)(
    '%s: links to the post and copies no free text, no candidate and no pence',
    (_name, handOff, message) => {
      const all = `${message.subject}\n${message.body}`;
      expect(message.body).toContain(link);
      expect(all).not.toContain(freeText);
      expect(all).not.toContain(candidateRef);
      expect(all).not.toMatch(/\b(cand|emp|agency|trainee|cos|swe|post)-4242\b/);
      expect(all).not.toMatch(/\bpence\b|\b\d{6,}\b/);
      expect((handOff as HandOff).to).not.toBe(system.id);
    },
  );
});
