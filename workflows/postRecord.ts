import type { PostView } from '../contract/postView.js';
import { consultationParties, finalStages, type PostRuleState, type PostStage } from '../domain/postRules.js';
import { systemActor } from '../domain/roles.js';
import type { Actor } from '../schemas/common.js';
import type { PostCommand, PostCommandOf } from '../schemas/postCommands.js';
import type { PostWorkflowSettings } from '../schemas/postWorkflowInput.js';
import type { EventOutbox } from './eventOutbox.js';
import { workflowInstant } from './workflowClock.js';

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

/**
 * The state of one post and the synchronous part of every command: recording the decision,
 * emitting its events and moving the stage. Work that needs I/O (budget, cap, child workflows) is
 * done by the workflow around it.
 */
export class PostRecord {
  readonly view: PostView;
  /** Set while a command's I/O is under way, so a second command waits its turn. */
  busy = false;
  /** Whether only the named decision maker may decide (false for posts started before that rule). */
  namedDecisionMaker = false;

  constructor(
    readonly input: PostWorkflowSettings,
    readonly outbox: EventOutbox,
  ) {
    this.view = {
      postId: input.postId,
      proposalId: input.proposalId,
      details: input.details,
      proposedBy: input.proposedBy,
      decisionMaker: input.decisionMaker,
      deputy: input.deputy,
      confidential: input.confidential,
      maxReadverts: input.timings.maxReadverts,
      stage: 'budget-check',
      waitingFor: waitingFor['budget-check'],
      budget: { reservedPence: 0 },
      remindersSent: 0,
      escalated: false,
      overdue: false,
      delegations: [],
      consultation: {},
      adverts: { count: 0 },
      decisions: [],
    };
  }

  get isFinal(): boolean {
    return finalStages.includes(this.view.stage);
  }

  ruleState(): PostRuleState {
    const consultation: PostRuleState['consultation'] = {};
    for (const [party, response] of Object.entries(this.view.consultation)) {
      consultation[party as keyof typeof consultation] = response.outcome;
    }
    return {
      stage: this.view.stage,
      proposedBy: this.input.proposedBy,
      decisionMaker: this.input.decisionMaker,
      deputy: this.input.deputy,
      namedDecisionMaker: this.namedDecisionMaker,
      escalated: this.view.escalated,
      delegations: this.view.delegations,
      consultation,
      adverts: this.view.adverts.count,
      maxReadverts: this.input.timings.maxReadverts,
      agencyCoverActive: this.view.agencyCover !== undefined,
      busy: this.busy,
    };
  }

  moveTo(stage: PostStage): void {
    this.view.stage = stage;
    this.view.waitingFor = this.waitingForNow();
  }

  /** What the post waits for: in consultation, only the parties that have not answered yet. */
  private waitingForNow(): string {
    if (this.view.stage !== 'consultation') return waitingFor[this.view.stage];
    const waiting = consultationParties
      .filter((party) => !this.view.consultation[party])
      .map((party) => partyNames[party]);
    if (waiting.length === 0) return waitingFor.consultation;
    const list = waiting.length > 1 ? `${waiting.slice(0, -1).join(', ')} and ${waiting.at(-1)}` : waiting[0];
    return `the consultation response of the ${list}`;
  }

  record(action: string, actor: Actor, authority: string, reason: string): void {
    this.view.decisions.push({ action, actor, authority, reason, at: workflowInstant() });
  }

  /** Applies a command the rules have already authorised and that needs no I/O. */
  apply(command: PostCommand, authority: string): void {
    switch (command.type) {
      case 'decide': {
        this.decide(command, authority);
        return;
      }
      case 'delegate':
        this.view.delegations.push({
          delegateId: command.delegateId,
          from: command.from,
          to: command.to,
          by: command.actor.id,
        });
        this.record('delegate', command.actor, authority, command.reason);
        this.outbox.emit('DecisionDelegated', command.actor, {
          delegateId: command.delegateId,
          from: command.from,
          to: command.to,
          reason: command.reason,
        });
        return;
      case 'record-consultation': {
        this.recordConsultation(command, authority);
        return;
      }
      case 'record-call-in':
        this.view.callIn = { endsOn: this.view.callIn?.endsOn ?? '', calledInBy: command.board };
        this.record('record-call-in', command.actor, authority, command.reason);
        this.outbox.emit('DecisionCalledIn', command.actor, { board: command.board, reason: command.reason });
        {
          this.moveTo('called-in');
          return;
        }
      case 'record-call-in-outcome':
        this.record(`call-in: ${command.outcome}`, command.actor, authority, command.reason);
        this.outbox.emit('CallInOutcomeRecorded', command.actor, {
          outcome: command.outcome,
          reason: command.reason,
        });
        if (command.outcome === 'decision-overturned') {
          this.outbox.emit('PostRejected', command.actor, {
            authority,
            reason: command.reason,
            stage: 'called-in',
          });
          this.end('rejected', command.actor, command.reason);
          return;
        }
        this.outbox.emit('CallInPeriodEnded', systemActor, {});
        {
          this.moveTo('ready-to-recruit');
          return;
        }
      case 'publish-advert':
        this.view.adverts = { count: this.view.adverts.count + 1, closesOn: command.closesOn };
        this.record('publish-advert', command.actor, authority, `advert ${this.view.adverts.count}`);
        this.outbox.emit('AdvertPublished', command.actor, {
          channels: command.channels,
          opensOn: command.opensOn,
          closesOn: command.closesOn,
          ringFence: command.ringFence,
          advertNumber: this.view.adverts.count,
        });
        {
          this.moveTo('advertised');
          return;
        }
      case 'record-applications': {
        this.recordApplications(command, authority);
        return;
      }
      case 'hold':
        this.record('hold', command.actor, authority, command.reason);
        this.outbox.emit('PostHeld', command.actor, { reason: command.reason });
        {
          this.moveTo('held');
          return;
        }
      case 'start-agency-cover':
        this.view.agencyCover = {
          agencyRef: command.agencyRef,
          startsOn: command.startsOn,
          weeklyCostPence: command.weeklyCostPence,
          fte: command.fte,
        };
        this.record('start-agency-cover', command.actor, authority, `agency ${command.agencyRef}`);
        this.outbox.emit('AgencyCoverStarted', command.actor, { ...this.view.agencyCover });
        return;
      case 'end-agency-cover':
        this.record('end-agency-cover', command.actor, authority, `ends ${command.endsOn}`);
        {
          this.endAgencyCover(command.actor, command.endsOn, 'cover no longer needed');
          return;
        }
      case 'withdraw': {
        this.end('withdrawn', command.actor, command.reason, authority);
        return;
      }
      case 'revise':
      case 'start-route':
        throw new Error(`${command.type} needs I/O and is handled by the workflow`);
    }
  }

  private decide(command: PostCommandOf<'decide'>, authority: string): void {
    const { actor, decision, reason } = command;
    this.record(decision, actor, authority, reason);
    if (decision === 'reject') {
      this.outbox.emit('PostRejected', actor, { authority, reason, stage: this.view.stage });
      this.end('rejected', actor, reason);
      return;
    }
    if (decision === 'send-back') {
      this.outbox.emit('PostSentBack', actor, { authority, reason });
      this.resetConsultation();
      this.moveTo('sent-back');
      return;
    }
    if (this.view.stage === 'concerns-raised') {
      this.outbox.emit('ConsultationConcernsResolved', actor, { decision: 'proceed', authority, reason });
      this.afterConsultationResponse();
      return;
    }
    this.outbox.emit('PostApproved', actor, { authority, reason });
    this.moveTo('consultation');
    return;
  }

  private recordConsultation(command: PostCommandOf<'record-consultation'>, authority: string): void {
    const { actor, party, outcome, summary } = command;
    this.view.consultation[party] = { outcome, summary };
    this.record(`consultation: ${party} ${outcome}`, actor, authority, summary);
    this.outbox.emit('ConsultationResponseRecorded', actor, { party, outcome, summary });
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
    this.outbox.emit('ConsultationCompleted', systemActor, {});
    this.moveTo(this.input.openForCallIn ? 'call-in-period' : 'ready-to-recruit');
  }

  private resetConsultation(): void {
    this.view.consultation = {};
  }

  private recordApplications(command: PostCommandOf<'record-applications'>, authority: string): void {
    const { actor, received, suitable } = command;
    const advertNumber = this.view.adverts.count;
    this.view.adverts = { ...this.view.adverts, lastSuitable: suitable };
    this.record('record-applications', actor, authority, `${received} received, ${suitable} suitable`);
    this.outbox.emit('ApplicationsRecorded', actor, { advertNumber, received, suitable });
    if (suitable > 0) {
      this.moveTo('applicants-available');
      return;
    }
    if (advertNumber > this.input.timings.maxReadverts) {
      this.outbox.emit('AdvertsExhausted', systemActor, { adverts: advertNumber });
    }
    this.moveTo('no-suitable-applicants');
  }

  endAgencyCover(actor: Actor, endsOn: string, reason: string): void {
    const cover = this.view.agencyCover;
    if (!cover) return;
    this.outbox.emit('AgencyCoverEnded', actor, { agencyRef: cover.agencyRef, endsOn, reason });
    delete this.view.agencyCover;
  }

  /** Rejected or withdrawn; releasing budget and cancelling a route is the workflow's part. */
  end(stage: 'rejected' | 'withdrawn', actor: Actor, reason: string, authority?: string): void {
    if (stage === 'withdrawn') {
      this.record('withdraw', actor, authority ?? actor.role, reason);
      this.outbox.emit('PostWithdrawn', actor, { reason, stage: this.view.stage });
    }
    this.moveTo(stage);
  }
}
