import type { PostView } from '../contract/postView.js';
import { finalStages, type PostRuleState, type PostStage } from '../domain/postRules.js';
import { applyPostCommand, type SynchronousPostCommand, waitingForOf } from '../domain/postTransitions.js';
import type { Actor } from '../schemas/common.js';
import type { PostWorkflowSettings } from '../schemas/postWorkflowInput.js';
import type { EventOutbox } from './eventOutbox.js';
import { workflowInstant } from './workflowClock.js';

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
      ...(input.approvalPolicyVersion === undefined
        ? {}
        : { approvalPolicyVersion: input.approvalPolicyVersion }),
      decisionMaker: input.decisionMaker,
      deputy: input.deputy,
      confidential: input.confidential,
      maxReadverts: input.timings.maxReadverts,
      stage: 'budget-check',
      waitingFor: waitingForOf({ stage: 'budget-check', consultation: {} }),
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
    this.view.waitingFor = waitingForOf(this.view);
  }

  record(action: string, actor: Actor, authority: string, reason: string): void {
    this.view.decisions.push({ action, actor, authority, reason, at: workflowInstant() });
  }

  /**
   * Applies a command the rules have already authorised and that needs no I/O: the domain's
   * transition (domain/postTransitions.ts) works out the post after it and its events; this keeps
   * the one view the workflow and its queries share, and emits the events in their order.
   */
  apply(command: SynchronousPostCommand, authority: string): void {
    const settings = {
      openForCallIn: this.input.openForCallIn,
      maxReadverts: this.input.timings.maxReadverts,
    };
    const { view, events } = applyPostCommand(this.view, settings, command, authority, workflowInstant());
    for (const key of Object.keys(this.view) as (keyof PostView)[]) {
      if (!(key in view)) delete this.view[key];
    }
    Object.assign(this.view, view);
    // Each event's data matches its type by construction (EmittedEvent); the loop loses the pairing.
    for (const { type, actor, data } of events) this.outbox.emit(type, actor, data as never);
  }

  endAgencyCover(actor: Actor, endsOn: string, reason: string): void {
    const cover = this.view.agencyCover;
    if (!cover) return;
    this.outbox.emit('AgencyCoverEnded', actor, { agencyRef: cover.agencyRef, endsOn, reason });
    delete this.view.agencyCover;
  }
}
