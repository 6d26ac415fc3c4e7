import { formatPence } from '../../domain/money.js';
import type { PostEvent, PostEventOf } from '../../schemas/postEvents.js';
import type { ConsultationRole, HandOff, HandOffKind } from './handOffs.js';
import type { PostFacts } from './postFacts.js';
import { ukDate } from './ukTime.js';

/**
 * The words of each hand-off: what happened, what the person needs to do, and a link to the page
 * where they do it. People's free text (reasons, summaries, board names) is never copied in: it may
 * say anything about anyone, so the message sends the reader to the page instead; candidates appear
 * in no message at all, not even by reference.
 */
export interface MessageContext {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** A person's name from the staff directory. */
  nameOf(id: string): string;
}

export interface HandOffMessage {
  subject: string;
  /** The subject without the post, for a line of a daily digest ("Decision needed"). */
  headline: string;
  body: string;
  link: string;
}

interface Wording {
  headline: string;
  happened: string[];
  toDo: string;
}

const maxSubject = 200;

/** A link to the post's page, which every signed-in person who may act on it can open. */
export function postLink(publicUrl: string, postId: string): string {
  return `${publicUrl}/posts/${encodeURIComponent(postId)}`;
}

/** "Community Occupational Therapist (PO1)", on one line whatever was typed. */
export function postLabel(facts: PostFacts | undefined, postId: string): string {
  if (!facts?.jobTitle) return `post ${postId}`;
  const label = facts.grade ? `${facts.jobTitle} (${facts.grade})` : facts.jobTitle;
  return label.replace(/\s+/g, ' ');
}

const partWords: Record<ConsultationRole, string> = {
  union: 'the trade union’s consultation response',
  'executive-member': 'the Executive Member briefing',
  'equality-lead': 'the equality (EDCI) screening',
};

const partyWords: Record<PostEventOf<'ConsultationResponseRecorded'>['data']['party'], string> = {
  union: 'The trade union',
  'executive-member': 'The Executive Member',
  equality: 'The equality (EDCI) screening',
};

function listed(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function applications(count: number): string {
  return count === 1 ? '1 application' : `${count} applications`;
}

const decide = 'Approve it, reject it or send it back for changes:';
const afterOffer = 'Offer the post to another appointable candidate, or end the recruitment route:';
const nextAdvert = 'Re-advertise it, choose another recruitment route, hold the post or withdraw it:';

function wordingOf(handOff: HandOff, event: PostEvent, facts: PostFacts, context: MessageContext): Wording {
  const by = context.nameOf(event.actor.id);
  const kind: HandOffKind = handOff.kind;
  switch (kind) {
    case 'decision-requested': {
      const happened = facts.revised
        ? [`${by} has revised this post after it was sent back. It is ready for your decision again.`]
        : [`${context.nameOf(facts.proposer ?? event.actor.id)} has proposed this post for your decision.`];
      if (event.type === 'BudgetReserved') {
        happened.push(
          `It fits its budget allocation: ${formatPence(event.data.committedPence)} of ${formatPence(event.data.allocationPence)} is now committed.`,
        );
      } else {
        happened.push(
          'It is paid for from the existing establishment: it replaces a post vacated by an appointment.',
        );
      }
      return { headline: 'Decision needed', happened, toDo: decide };
    }
    case 'budget-held': {
      const { data } = event as PostEventOf<'BudgetShortfall'>;
      return {
        headline: 'Held, over budget',
        happened: [
          'This post does not fit its budget allocation, so it is held.',
          `It costs ${formatPence(data.amountPence)} a year. ${formatPence(data.committedPence)} of the ${formatPence(data.allocationPence)} allocation is already committed, so it is ${formatPence(data.shortfallPence)} short.`,
        ],
        toDo: 'Reject it, or send it back for revision:',
      };
    }
    case 'approval-reminder': {
      const { data } = event as PostEventOf<'ApprovalReminderSent'>;
      return {
        headline: 'Decision still needed',
        happened: [`This post has waited ${data.workingDaysWaiting} working days for your decision.`],
        toDo: decide,
      };
    }
    case 'approval-escalated': {
      const { data } = event as PostEventOf<'ApprovalEscalated'>;
      const director = facts.decisionMaker ? context.nameOf(facts.decisionMaker) : 'its decision maker';
      return {
        headline: 'Decision escalated to you',
        happened: [
          `This post has waited ${data.workingDaysWaiting} working days for a decision by ${director}, so it is escalated to you as their deputy.`,
        ],
        toDo: `You can now decide on it. ${decide}`,
      };
    }
    case 'decision-delegated': {
      const { data } = event as PostEventOf<'DecisionDelegated'>;
      return {
        headline: 'Decision delegated to you',
        happened: [
          `${by} has delegated the decision on this post to you from ${ukDate(data.from)} to ${ukDate(data.to)}.`,
        ],
        toDo: `You can decide on it during those dates. ${decide}`,
      };
    }
    case 'post-approved':
      return {
        headline: 'Approved',
        happened: [
          `${by} approved this post. It now goes to consultation with the trade union, the Executive Member and the equality lead.`,
        ],
        toDo: 'You do not need to do anything yet: you will be told when it is ready to recruit. You can follow it at:',
      };
    case 'consultation-requested':
      return {
        headline: 'Consultation response needed',
        happened: [`${by} approved this post, so it now goes to consultation.`],
        toDo: `Record ${listed((handOff.parts ?? []).map((part) => partWords[part]))}:`,
      };
    case 'post-rejected': {
      const { data } = event as PostEventOf<'PostRejected'>;
      return {
        headline: 'Rejected',
        happened: [
          data.stage === 'called-in'
            ? 'The scrutiny board overturned the decision to approve this post, so it is rejected.'
            : `${by} rejected this post.`,
        ],
        toDo: 'You do not need to do anything. The reason is on the post’s page:',
      };
    }
    case 'post-sent-back':
      return {
        headline: 'Sent back for changes',
        happened: [`${by} sent this post back to you for changes.`],
        toDo: 'Read the reason on the post’s page, then revise the post:',
      };
    case 'consultation-concerns': {
      const { data } = event as PostEventOf<'ConsultationResponseRecorded'>;
      return {
        headline: 'Consultation concerns raised',
        happened: [`${partyWords[data.party]} raised concerns in consultation on this post.`],
        toDo: 'Read the concerns on the post’s page, then decide whether to proceed, reject the post or send it back:',
      };
    }
    case 'decision-called-in':
      return {
        headline: 'Decision called in',
        happened: [
          'The decision to approve this post has been called in by a scrutiny board. The post is suspended until the board’s outcome is recorded.',
        ],
        toDo: 'You do not need to do anything now. You can follow it at:',
      };
    case 'ready-to-recruit':
      return {
        headline: 'Ready to recruit',
        happened: [
          event.type === 'CallInPeriodEnded'
            ? 'The call-in period for this post is over and the decision stands, so it is ready to recruit.'
            : 'Consultation on this post is complete, so it is ready to recruit.',
        ],
        toDo: 'Publish an advert or start a recruitment route:',
      };
    case 'advert-closed': {
      const { data } = event as PostEventOf<'AdvertClosed'>;
      return {
        headline: 'Advert closed',
        happened: [`Advert ${data.advertNumber} for this post has closed.`],
        toDo: 'Record how many applications it received and how many are suitable:',
      };
    }
    case 'applicants-available': {
      const { data } = event as PostEventOf<'ApplicationsRecorded'>;
      return {
        headline: 'Suitable applicants',
        happened: [
          `${data.suitable} of the ${applications(data.received)} to advert ${data.advertNumber} ${data.suitable === 1 ? 'is' : 'are'} suitable.`,
        ],
        toDo: 'Start the recruitment route:',
      };
    }
    case 'no-suitable-applicants': {
      const { data } = event as PostEventOf<'ApplicationsRecorded'>;
      return {
        headline: 'No suitable applicants',
        happened: [
          data.received === 0
            ? `Advert ${data.advertNumber} received no applications.`
            : `None of the ${applications(data.received)} to advert ${data.advertNumber} is suitable.`,
        ],
        toDo: nextAdvert,
      };
    }
    case 'offer-accepted':
      return {
        headline: 'Offer accepted',
        happened: ['The offer for this post has been accepted.'],
        toDo:
          facts.route === 'international'
            ? 'Assign the certificate of sponsorship:'
            : 'Record the pre-employment checks (references, enhanced DBS with barred list, right to work and professional registration):',
      };
    case 'offer-declined':
      return {
        headline: 'Offer declined',
        happened: ['The offer for this post was declined.'],
        toDo: afterOffer,
      };
    case 'recruit-arrived':
      return {
        headline: 'International recruit arrived',
        happened: ['The international recruit for this post has arrived.'],
        toDo: 'Record the pre-employment checks:',
      };
    case 'check-failed':
      return {
        headline: 'Offer withdrawn after a pre-employment check',
        happened: ['A pre-employment check for this post was not clear, so the offer is withdrawn.'],
        toDo: afterOffer,
      };
    case 'checks-complete':
      return {
        headline: 'Pre-employment checks clear',
        happened: ['Every pre-employment check for this post is clear.'],
        toDo: 'Confirm the start date:',
      };
    case 'route-ended-unfilled':
      return {
        headline: 'Recruitment route ended',
        happened: ['The recruitment route for this post has ended without filling it.'],
        toDo: nextAdvert,
      };
  }
}

function detailsOf(facts: PostFacts): string[] {
  return [
    ...(facts.jobTitle ? [`Post: ${facts.jobTitle.replace(/\s+/g, ' ')}`] : []),
    ...(facts.grade ? [`Grade: ${facts.grade}`] : []),
    ...(facts.serviceArea ? [`Service area: ${facts.serviceArea.replace(/\s+/g, ' ')}`] : []),
    ...(facts.annualCostPence !== undefined ? [`Cost: ${formatPence(facts.annualCostPence)} a year`] : []),
  ];
}

/** One line, at most 200 characters, as a mail subject must be. */
export function subjectLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= maxSubject ? line : `${line.slice(0, maxSubject - 1)}…`;
}

/** The message of one hand-off, for one person. */
export function handOffMessage(
  handOff: HandOff,
  event: PostEvent,
  facts: PostFacts,
  context: MessageContext,
): HandOffMessage {
  const wording = wordingOf(handOff, event, facts, context);
  const link = postLink(context.publicUrl, event.postId);
  const details = detailsOf(facts);
  const body = [
    wording.happened.join(' '),
    ...(details.length > 0 ? [details.join('\n')] : []),
    `${wording.toDo}\n${link}`,
  ].join('\n\n');
  return {
    subject: subjectLine(`${wording.headline}: ${postLabel(facts, event.postId)}`),
    headline: wording.headline,
    body: `${body}\n`,
    link,
  };
}
