import type { PostView } from '../contract/postView.js';
import type { Actor } from '../schemas/common.js';
import type { PostCommand, PostCommandOf } from '../schemas/postCommands.js';
import type { PostEventOf, PostEventType } from '../schemas/postEvents.js';
import { consultationParties, type PostStage } from './postRules.js';
import { systemActor } from './roles.js';

const waitingFor: Record<PostStage, string> = {
  'budget-check': 'the budget check',
  'budget-held': 'the director: the post does not fit the budget',
  'awaiting-approval': 'the director’s decision',
  'sent-back': 'HR to revise the post',
  consultation: 'consultation responses',
  'concerns-raised': 'the director: consultation raised concerns',
  'call-in-period': 'the call-in period to end',
  'called-in': 'the scrutiny board’s outcome',
  'ready-to-recruit': 'HR to advertise or start a route',
  advertised: 'the advert’s closing date',
  'awaiting-applications': 'HR to record applications',
  'applicants-available': 'HR to start the recruitment route',
  'no-suitable-applicants': 'HR to re-advert, change route, hold or withdraw',
  held: 'HR to pick the post up again',
  recruiting: 'the recruitment route',
  filled: 'nothing: the post is filled',
  rejected: 'nothing: the post was rejected',
  withdrawn: 'nothing: the post was withdrawn',
};

const partyNames: Record<(typeof consultationParties)[number], string> = {
  union: 'trade union',
  'executive-member': 'Executive Member',
  equality: 'equality lead',
};

/** What the post waits for, in words: in consultation, only the parties that have not answered yet. */
export function waitingForOf(view: Pick<PostView, 'stage' | 'consultation'>): string {
  if (view.stage !== 'consultation') return waitingFor[view.stage];
  const waiting = consultationParties
    .filter((party) => !view.consultation[party])
    .map((party) => partyNames[party]);
  if (waiting.length === 0) return waitingFor.consultation;
  const list = waiting.length > 1 ? `${waiting.slice(0, -1).join(', ')} and ${waiting.at(-1)}` : waiting[0];
  return `the consultation response of the ${list}`;
}

/** An event a transition emits; the workflow gives it its id and time as it publishes it. */
export type EmittedEvent = {
  [T in PostEventType]: { type: T; actor: Actor; data: PostEventOf<T>['data'] };
}[PostEventType];

/** What of the post's start-up settings the commands' rules read. */
export interface PostTransitionSettings {
  openForCallIn: boolean;
  maxReadverts: number;
}

/** The commands that need no I/O; a revision and a route's start are carried out by the workflow. */
export type SynchronousPostCommand = Exclude<
  PostCommand,
  PostCommandOf<'revise'> | PostCommandOf<'start-route'>
>;

/** The post after a command, and the events it emitted, in order. */
export interface PostTransition {
  view: PostView;
  events: EmittedEvent[];
}

/**
 * A command the rules have already authorised, applied to a post: `(view, command, at) → {view,
 * events}`. Pure: the view given is not changed (the one returned shares only what it did not
 * change), and `at` is the time written on the decision it records.
 */
export function applyPostCommand(
  before: PostView,
  settings: PostTransitionSettings,
  command: SynchronousPostCommand,
  authority: string,
  at: string,
): PostTransition {
  const draft = new Draft(before, settings, at);
  draft.apply(command, authority);
  return { view: draft.view, events: draft.events };
}

/** One transition being worked out, on a copy of the view's changing parts. */
class Draft {
  readonly view: PostView;
  readonly events: EmittedEvent[] = [];

  constructor(
    before: PostView,
    private readonly settings: PostTransitionSettings,
    private readonly at: string,
  ) {
    this.view = {
      ...before,
      delegations: [...before.delegations],
      consultation: { ...before.consultation },
      adverts: { ...before.adverts },
      decisions: [...before.decisions],
    };
  }

  private emit<T extends PostEventType>(type: T, actor: Actor, data: PostEventOf<T>['data']): void {
    this.events.push({ type, actor, data } as EmittedEvent);
  }

  private record(action: string, actor: Actor, authority: string, reason: string): void {
    this.view.decisions.push({ action, actor, authority, reason, at: this.at });
  }

  private moveTo(stage: PostStage): void {
    this.view.stage = stage;
    this.view.waitingFor = waitingForOf(this.view);
  }

  apply(command: SynchronousPostCommand, authority: string): void {
    const { actor } = command;
    switch (command.type) {
      case 'decide':
        this.decide(command, authority);
        return;
      case 'delegate': {
        const { delegateId, from, to, reason } = command;
        this.view.delegations.push({ delegateId, from, to, by: actor.id });
        this.record('delegate', actor, authority, reason);
        this.emit('DecisionDelegated', actor, { delegateId, from, to, reason });
        return;
      }
      case 'record-consultation':
        this.recordConsultation(command, authority);
        return;
      case 'record-call-in':
        this.view.callIn = {
          ...this.view.callIn,
          endsOn: this.view.callIn?.endsOn ?? '',
          calledInBy: command.board,
        };
        this.record('record-call-in', actor, authority, command.reason);
        this.emit('DecisionCalledIn', actor, { board: command.board, reason: command.reason });
        this.moveTo('called-in');
        return;
      case 'record-call-in-outcome':
        this.record(`call-in: ${command.outcome}`, actor, authority, command.reason);
        this.emit('CallInOutcomeRecorded', actor, { outcome: command.outcome, reason: command.reason });
        if (command.outcome === 'decision-overturned') {
          this.emit('PostRejected', actor, { authority, reason: command.reason, stage: 'called-in' });
          this.moveTo('rejected');
          return;
        }
        this.emit('CallInPeriodEnded', systemActor, {});
        this.moveTo('ready-to-recruit');
        return;
      case 'publish-advert': {
        const { channels, opensOn, closesOn, ringFence } = command;
        this.view.adverts = { count: this.view.adverts.count + 1, closesOn };
        const advertNumber = this.view.adverts.count;
        this.record('publish-advert', actor, authority, `advert ${advertNumber}`);
        this.emit('AdvertPublished', actor, { channels, opensOn, closesOn, ringFence, advertNumber });
        this.moveTo('advertised');
        return;
      }
      case 'record-applications':
        this.recordApplications(command, authority);
        return;
      case 'hold':
        this.record('hold', actor, authority, command.reason);
        this.emit('PostHeld', actor, { reason: command.reason });
        this.moveTo('held');
        return;
      case 'start-agency-cover': {
        const { agencyRef, startsOn, weeklyCostPence, fte } = command;
        this.view.agencyCover = { agencyRef, startsOn, weeklyCostPence, fte };
        this.record('start-agency-cover', actor, authority, `agency ${agencyRef}`);
        this.emit('AgencyCoverStarted', actor, { ...this.view.agencyCover });
        return;
      }
      case 'end-agency-cover':
        this.record('end-agency-cover', actor, authority, `ends ${command.endsOn}`);
        this.endAgencyCover(actor, command.endsOn);
        return;
      case 'withdraw':
        this.record('withdraw', actor, authority, command.reason);
        this.emit('PostWithdrawn', actor, { reason: command.reason, stage: this.view.stage });
        this.moveTo('withdrawn');
        return;
    }
  }

  private decide(command: PostCommandOf<'decide'>, authority: string): void {
    const { actor, decision, reason } = command;
    this.record(decision, actor, authority, reason);
    if (decision === 'reject') {
      this.emit('PostRejected', actor, { authority, reason, stage: this.view.stage });
      this.moveTo('rejected');
      return;
    }
    if (decision === 'send-back') {
      this.emit('PostSentBack', actor, { authority, reason });
      this.view.consultation = {};
      this.moveTo('sent-back');
      return;
    }
    if (this.view.stage === 'concerns-raised') {
      this.emit('ConsultationConcernsResolved', actor, { decision: 'proceed', authority, reason });
      this.afterConsultationResponse();
      return;
    }
    this.emit('PostApproved', actor, { authority, reason });
    this.moveTo('consultation');
  }

  private recordConsultation(command: PostCommandOf<'record-consultation'>, authority: string): void {
    const { actor, party, outcome, summary } = command;
    this.view.consultation[party] = { outcome, summary };
    this.record(`consultation: ${party} ${outcome}`, actor, authority, summary);
    this.emit('ConsultationResponseRecorded', actor, { party, outcome, summary });
    if (outcome === 'concerns-raised') {
      this.moveTo('concerns-raised');
      return;
    }
    if (this.view.stage === 'consultation') this.afterConsultationResponse();
  }

  /** Consultation is complete once every party has answered and no concern is left open. */
  private afterConsultationResponse(): void {
    if (!consultationParties.every((party) => this.view.consultation[party])) {
      this.moveTo('consultation');
      return;
    }
    this.emit('ConsultationCompleted', systemActor, {});
    this.moveTo(this.settings.openForCallIn ? 'call-in-period' : 'ready-to-recruit');
  }

  private recordApplications(command: PostCommandOf<'record-applications'>, authority: string): void {
    const { actor, received, suitable } = command;
    const advertNumber = this.view.adverts.count;
    this.view.adverts = { ...this.view.adverts, lastSuitable: suitable };
    this.record('record-applications', actor, authority, `${received} received, ${suitable} suitable`);
    this.emit('ApplicationsRecorded', actor, { advertNumber, received, suitable });
    if (suitable > 0) {
      this.moveTo('applicants-available');
      return;
    }
    if (advertNumber > this.settings.maxReadverts) {
      this.emit('AdvertsExhausted', systemActor, { adverts: advertNumber });
    }
    this.moveTo('no-suitable-applicants');
  }

  private endAgencyCover(actor: Actor, endsOn: string): void {
    const cover = this.view.agencyCover;
    if (!cover) return;
    this.emit('AgencyCoverEnded', actor, {
      agencyRef: cover.agencyRef,
      endsOn,
      reason: 'cover no longer needed',
    });
    delete this.view.agencyCover;
  }
}
