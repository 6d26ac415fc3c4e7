import {
  ApplicationFailure,
  CancellationScope,
  type ChildWorkflowHandle,
  condition,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { LedgerAddress, PostActivities } from '../contract/activities.js';
import { commandFailure } from '../contract/failureTypes.js';
import { availableCommandsQuery, postCommandUpdate, postViewQuery } from '../contract/postMessages.js';
import type { PostView } from '../contract/postView.js';
import { type RouteProgress, routeProgressSignal } from '../contract/routeMessages.js';
import { workflowIds } from '../contract/workflowIds.js';
import { postCommandShapeProblem } from '../domain/commandShapes.js';
import { withPostInputDefaults } from '../domain/postInputDefaults.js';
import {
  authorise,
  availableCommands,
  PostRuleError,
  refusalFailureType,
  startableRoutes,
} from '../domain/postRules.js';
import { registrationBodyFor } from '../domain/professionalRegistration.js';
import { costAtFte } from '../domain/proposalPosts.js';
import { systemActor } from '../domain/roles.js';
import {
  deadlineAfterWorkingDays,
  endOfLondonDay,
  instantAfterWorkingDays,
  londonDateOf,
  workingDaysBetween,
} from '../domain/workingDays.js';
import type { Actor } from '../schemas/common.js';
import type { PostCommand, PostCommandOf } from '../schemas/postCommands.js';
import type { PostWorkflowSettings } from '../schemas/postWorkflowInput.js';
import type { VacatedPost } from '../schemas/routeCommands.js';
import { EventOutbox } from './eventOutbox.js';
import { LedgerRequests } from './ledgerRequests.js';
import { PostRecord } from './postRecord.js';
import { SearchAttributePublisher } from './postSearchAttributes.js';
import { recruitmentRouteWorkflow } from './recruitmentRouteWorkflow.js';
import { workflowInstant, workflowNow } from './workflowClock.js';

const activities = proxyActivities<PostActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const today = () => londonDateOf(workflowNow());

/**
 * Posts started from this version on reach the ledgers by signal (workflows/ledgerRequests.ts);
 * posts started before it replay their ledger activities (Updates) as they ran.
 */
const LEDGER_REQUESTS_AS_SIGNALS = 'ledger-requests-as-signals';

/**
 * Posts whose call-in period opens from this version on keep it open until the closing time (London)
 * on its last working day, as constitutions set it, instead of the hour of day it opened.
 */
const CALL_IN_CLOSES_AT_CLOSING_TIME = 'call-in-closes-at-closing-time';

/** Posts started from this version on are decided only by their named decision maker (domain/postRules.ts). */
const NAMED_DECISION_MAKER = 'named-decision-maker';

/**
 * Posts started from this version on are told nothing by the workflow: the notification dispatcher
 * reads their events and tells people, off the post's critical path. Posts started before it replay
 * their `notify` activities as they ran.
 */
const NOTIFICATIONS_FROM_EVENTS = 'notifications-from-events';

/** The rules' verdict as a failure the caller sees (a thrown plain Error would fail the workflow task). */
function checkedAuthority(post: PostRecord, command: PostCommand): string {
  try {
    return authorise(post.ruleState(), command, today());
  } catch (error) {
    if (error instanceof PostRuleError) {
      throw ApplicationFailure.nonRetryable(error.message, refusalFailureType[error.kind]);
    }
    throw error;
  }
}

/** The edges parsed the command in full; this guards what the handler relies on (domain/commandShapes.ts). */
function checkedShape(command: PostCommand): void {
  const problem = postCommandShapeProblem(command);
  if (problem)
    throw ApplicationFailure.nonRetryable(`invalid command: ${problem}`, commandFailure.InvalidCommand);
}

/**
 * One post, from proposal to filled, rejected or withdrawn (docs/domain.md, steps 1–8). Commands arrive as
 * the `postCommand` Update; the workflow itself runs the timers (reminders, escalation, call-in
 * period, advert closing date) and the I/O (budget, international cap, route and backfill children).
 */
export async function postWorkflow(recorded: PostWorkflowSettings): Promise<PostView> {
  // Callers fill every default before the start, so the history records them; posts started before
  // they did have histories without them, and get the same defaults from this pure function.
  const input = withPostInputDefaults(recorded);
  const outbox = new EventOutbox({ postId: input.postId, proposalId: input.proposalId });
  const searchAttributes = new SearchAttributePublisher();
  const post = new PostRecord(input, outbox);
  post.namedDecisionMaker = patched(NAMED_DECISION_MAKER);
  const { view } = post;
  let route: ChildWorkflowHandle<typeof recruitmentRouteWorkflow> | undefined;
  let internationalSlotHeld = false;
  let pendingBackfill: VacatedPost | undefined;
  const ledgers = new LedgerRequests();
  const internationalCap: LedgerAddress = {
    workflowType: 'internationalCapWorkflow',
    workflowId: input.internationalCap.workflowId,
    start: {
      ledgerId: input.internationalCap.workflowId,
      capacity: input.internationalCap.cap,
      alreadyRecruited: input.internationalCap.alreadyRecruited,
    },
  };
  const budgetOf = (funding: { budgetWorkflowId: string; allocationPence: number }): LedgerAddress => ({
    workflowType: 'budgetAllocationWorkflow',
    workflowId: funding.budgetWorkflowId,
    start: { ledgerId: funding.budgetWorkflowId, capacity: funding.allocationPence },
  });
  /** Gives a post's place under the international cap back. */
  const releaseInternationalPlace = async (reason: string): Promise<void> => {
    if (patched(LEDGER_REQUESTS_AS_SIGNALS)) {
      await ledgers.release(internationalCap, input.postId, reason);
      return;
    }
    await activities.releaseInternationalRecruit({
      capWorkflowId: input.internationalCap.workflowId,
      postId: input.postId,
      reason,
      requestId: uuid4(),
    });
  };
  // Not cancellable: a cancelled post must still publish what it recorded.
  void CancellationScope.nonCancellable(() => outbox.run());

  setHandler(postViewQuery, () => view);
  setHandler(availableCommandsQuery, (actor, onBehalfOf) => {
    const state = post.ruleState();
    return {
      commands: availableCommands(state, actor, today(), onBehalfOf),
      routes: startableRoutes(state, actor, today()),
    };
  });

  setHandler(
    postCommandUpdate,
    async (command) => {
      const authority = checkedAuthority(post, command);
      const recordedBefore = view.decisions.length;
      if (command.type === 'revise') await revise(command, authority);
      else if (command.type === 'start-route') await startRoute(command, authority);
      else post.apply(command, authority);
      // Every command records one entry; a reminder or escalation may land beside it while it waits.
      const decided = view.decisions
        .slice(recordedBefore)
        .find((entry) => entry.actor.id === command.actor.id && entry.authority === authority);
      searchAttributes.publish(view, today());
      // Return once the change has settled (a revision's budget check, say) and its events are on the
      // topic, so a caller that reads a dashboard next sees its own change.
      await condition(() => view.stage !== 'budget-check' || post.isFinal);
      await outbox.flushed();
      return {
        decided: decided ?? {
          action: command.type,
          actor: command.actor,
          authority,
          reason: '',
          at: workflowInstant(),
        },
        view,
      };
    },
    {
      // The handler applies this very value: nothing is parsed into a copy the handler never sees.
      validator: (command) => {
        checkedShape(command);
        checkedAuthority(post, command);
      },
    },
  );

  setHandler(routeProgressSignal, (progress: RouteProgress) => {
    if (post.isFinal) return;
    if (progress.kind === 'filled') {
      view.filled = { personRef: progress.personRef, startsOn: progress.startsOn };
      outbox.emit('PostFilled', systemActor, {
        personRef: progress.personRef,
        startsOn: progress.startsOn,
        route: view.route?.type ?? 'standard',
      });
      post.endAgencyCover(systemActor, progress.startsOn, 'post filled');
      pendingBackfill = progress.vacatedPost;
      post.record(
        'filled',
        systemActor,
        `recruitment route: ${view.route?.type ?? 'standard'}`,
        progress.personRef,
      );
      post.moveTo('filled');
    } else if (progress.kind === 'unfilled') {
      post.record('route ended unfilled', systemActor, 'recruitment route', progress.reason);
      post.moveTo('no-suitable-applicants');
    }
    searchAttributes.publish(view, today());
  });

  async function reserveBudget(actor: Actor): Promise<void> {
    if (input.funding.source !== 'allocation') {
      post.moveTo('awaiting-approval');
      return;
    }
    const result = patched(LEDGER_REQUESTS_AS_SIGNALS)
      ? await ledgers.reserve(budgetOf(input.funding), input.postId, view.details.annualCostPence)
      : await activities.reserveBudget({
          budgetWorkflowId: input.funding.budgetWorkflowId,
          allocationPence: input.funding.allocationPence,
          postId: input.postId,
          amountPence: view.details.annualCostPence,
          requestId: uuid4(),
        });
    if (result.status === 'reserved') {
      view.budget = { reservedPence: result.amount };
      outbox.emit('BudgetReserved', actor, {
        amountPence: result.amount,
        allocationPence: result.capacity,
        committedPence: result.committed,
      });
      post.record('budget check', systemActor, 'budget allocation', `reserved ${result.amount} pence`);
      post.moveTo('awaiting-approval');
      return;
    }
    view.budget = { reservedPence: 0, shortfallPence: result.shortfall };
    outbox.emit('BudgetShortfall', actor, {
      amountPence: result.amount,
      allocationPence: result.capacity,
      committedPence: result.committed,
      shortfallPence: result.shortfall,
    });
    post.record('budget check', systemActor, 'budget allocation', `short by ${result.shortfall} pence`);
    post.moveTo('budget-held');
    await notify(input.decisionMaker, 'A post is held: it does not fit the budget', [
      `${view.details.jobTitle} (${view.details.grade}) costs ${result.amount} pence a year;`,
      `the allocation is short by ${result.shortfall} pence. Send it back for revision or reject it.`,
    ]);
  }

  async function revise(command: PostCommandOf<'revise'>, authority: string): Promise<void> {
    const previous = view.details.annualCostPence;
    // A full-time cost means what it means on the proposal form: this post costs it times its FTE.
    const annualCostPence =
      command.fullTimeAnnualCostPence !== undefined
        ? costAtFte(command.fullTimeAnnualCostPence, view.details.fte)
        : command.annualCostPence;
    view.details = {
      ...view.details,
      ...(command.jobTitle ? { jobTitle: command.jobTitle } : {}),
      ...(command.grade ? { grade: command.grade } : {}),
      ...(annualCostPence !== undefined ? { annualCostPence } : {}),
      ...(command.justification ? { justification: command.justification } : {}),
    };
    post.record('revise', command.actor, authority, command.reason);
    outbox.emit('PostRevised', command.actor, {
      jobTitle: view.details.jobTitle,
      grade: view.details.grade,
      annualCostPence: view.details.annualCostPence,
      previousAnnualCostPence: previous,
      ...(command.fullTimeAnnualCostPence !== undefined
        ? { fullTimeAnnualCostPence: command.fullTimeAnnualCostPence }
        : {}),
      reason: command.reason,
    });
    post.moveTo('budget-check');
    post.busy = true;
    try {
      await reserveBudget(command.actor);
    } finally {
      post.busy = false;
    }
  }

  async function startRoute(command: PostCommandOf<'start-route'>, authority: string): Promise<void> {
    post.busy = true;
    try {
      if (command.route === 'international') {
        const slot = patched(LEDGER_REQUESTS_AS_SIGNALS)
          ? await ledgers.reserve(internationalCap, input.postId, 1)
          : await activities.reserveInternationalRecruit({
              capWorkflowId: input.internationalCap.workflowId,
              cap: input.internationalCap.cap,
              alreadyRecruited: input.internationalCap.alreadyRecruited,
              postId: input.postId,
              requestId: uuid4(),
            });
        if (slot.status !== 'reserved') {
          outbox.emit('InternationalCapReached', command.actor, {
            cap: slot.capacity,
            recruited: slot.committed,
          });
          throw ApplicationFailure.nonRetryable(
            `the cap on international recruits is reached (${slot.committed} of ${slot.capacity})`,
            commandFailure.InternationalCapReached,
          );
        }
        internationalSlotHeld = true;
      }
      const workflowId = workflowIds.route(input.postId);
      route = await startChild(recruitmentRouteWorkflow, {
        workflowId,
        args: [
          {
            postId: input.postId,
            proposalId: input.proposalId,
            route: command.route,
            parentWorkflowId: workflowInfo().workflowId,
            registrationBody: input.registrationBody,
          },
        ],
      });
      view.route = { type: command.route, workflowId };
      post.record(`start-route: ${command.route}`, command.actor, authority, command.reason);
      outbox.emit('RecruitmentRouteStarted', command.actor, { route: command.route, reason: command.reason });
      post.moveTo('recruiting');
    } finally {
      post.busy = false;
    }
  }

  async function notify(to: string, subject: string, lines: string[]): Promise<void> {
    // The notification dispatcher tells people from the events (notifications/dispatcher).
    if (patched(NOTIFICATIONS_FROM_EVENTS)) return;
    await activities.notify({
      notificationId: uuid4(),
      to,
      subject,
      body: lines.join('\n'),
      postId: input.postId,
      proposalId: input.proposalId,
    });
  }

  /** Reminder, then escalation to the deputy, counted in working days from when approval was asked. */
  async function awaitDecision(): Promise<void> {
    const askedAt = workflowNow();
    const stillWaiting = () => view.stage !== 'awaiting-approval';
    const waited = () => workingDaysBetween(londonDateOf(askedAt), today());
    const reminderAt = instantAfterWorkingDays(askedAt, input.timings.reminderAfterWorkingDays);
    if (!(await condition(stillWaiting, reminderAt - workflowNow()))) {
      view.remindersSent += 1;
      view.overdue = true;
      searchAttributes.publish(view, today());
      outbox.emit('ApprovalReminderSent', systemActor, {
        to: input.decisionMaker,
        workingDaysWaiting: waited(),
      });
      post.record('reminder', systemActor, 'approval timetable', `waiting ${waited()} working days`);
      await notify(input.decisionMaker, `Reminder: a post is waiting for your decision`, [
        `${view.details.jobTitle} (${view.details.grade}) has waited ${waited()} working days.`,
      ]);
      const escalateAt = instantAfterWorkingDays(askedAt, input.timings.escalateAfterWorkingDays);
      if (!(await condition(stillWaiting, Math.max(1, escalateAt - workflowNow())))) {
        view.escalated = true;
        // The deputy may now decide: their work list must show it (posts before this rule did not).
        if (post.namedDecisionMaker) searchAttributes.publish(view, today());
        outbox.emit('ApprovalEscalated', systemActor, { to: input.deputy, workingDaysWaiting: waited() });
        post.record('escalation', systemActor, 'approval timetable', `escalated to ${input.deputy}`);
        await notify(input.deputy, `Escalation: an approval is overdue`, [
          `${view.details.jobTitle} (${view.details.grade}) has waited ${waited()} working days;`,
          'you may now decide on it.',
        ]);
        await condition(stillWaiting);
      }
    }
    view.overdue = false;
    view.escalated = false;
  }

  /**
   * The decision is open for call-in for a number of working days after it is published, until the
   * closing time (London) on the last of them. Posts that reached this before the closing time was
   * kept closed at the hour the period opened, and replay so.
   */
  async function callInPeriod(): Promise<void> {
    const { callInWorkingDays: workingDays, callInClosingTime: closingTime } = input.timings;
    if (patched(CALL_IN_CLOSES_AT_CLOSING_TIME)) {
      const closesAt = deadlineAfterWorkingDays(workflowNow(), workingDays, closingTime);
      view.callIn = { endsOn: londonDateOf(closesAt), closesAt: new Date(closesAt).toISOString() };
      outbox.emit('CallInPeriodStarted', systemActor, {
        endsOn: view.callIn.endsOn,
        workingDays,
        closesAt: view.callIn.closesAt,
        closingTime,
      });
      await closeCallInPeriodAt(closesAt);
      return;
    }
    const endsAt = instantAfterWorkingDays(workflowNow(), workingDays);
    view.callIn = { endsOn: londonDateOf(endsAt) };
    outbox.emit('CallInPeriodStarted', systemActor, { endsOn: view.callIn.endsOn, workingDays });
    await closeCallInPeriodAt(endsAt);
  }

  /** Unless the post is called in (or leaves the period otherwise) first, the period ends at `endsAt`. */
  async function closeCallInPeriodAt(endsAt: number): Promise<void> {
    if (await condition(() => view.stage !== 'call-in-period', endsAt - workflowNow())) return;
    outbox.emit('CallInPeriodEnded', systemActor, {});
    post.moveTo('ready-to-recruit');
  }

  async function advertRunning(): Promise<void> {
    const closesAt = endOfLondonDay(view.adverts.closesOn ?? today());
    if (await condition(() => view.stage !== 'advertised', Math.max(1, closesAt - workflowNow()))) return;
    outbox.emit('AdvertClosed', systemActor, { advertNumber: view.adverts.count });
    post.moveTo('awaiting-applications');
  }

  async function startBackfill(vacated: VacatedPost): Promise<void> {
    const backfillPostId = workflowIds.backfill(input.postId);
    await startChild(postWorkflow, {
      workflowId: backfillPostId,
      // The backfill outlives this post, which is filled and about to complete.
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [
        {
          ...input,
          postId: backfillPostId,
          details: {
            serviceArea: vacated.serviceArea,
            jobTitle: vacated.jobTitle,
            grade: vacated.grade,
            annualCostPence: vacated.annualCostPence,
            fte: vacated.fte,
          },
          funding: { source: 'existing-establishment', backfillOf: input.postId },
          registrationBody: registrationBodyFor(vacated.jobTitle),
          openForCallIn: false,
        },
      ],
    });
    view.backfillPostId = backfillPostId;
    outbox.emit('BackfillPostStarted', systemActor, { backfillPostId, vacatedPostRef: vacated.postRef });
  }

  /** Rejected or withdrawn: give back what the post held. */
  async function releaseEverything(): Promise<void> {
    await CancellationScope.nonCancellable(async () => {
      if (route && view.stage === 'withdrawn') {
        // The route ends with the post; its result (a cancellation) is of no further interest.
        route.result().catch(() => undefined);
        await getExternalWorkflowHandle(route.workflowId).cancel();
      }
      if (view.budget.reservedPence > 0 && input.funding.source === 'allocation') {
        const released = patched(LEDGER_REQUESTS_AS_SIGNALS)
          ? await ledgers.release(budgetOf(input.funding), input.postId, view.stage)
          : await activities.releaseBudget({
              budgetWorkflowId: input.funding.budgetWorkflowId,
              postId: input.postId,
              reason: view.stage,
              requestId: uuid4(),
            });
        outbox.emit('BudgetReleased', systemActor, { amountPence: released.released, reason: view.stage });
        view.budget = { reservedPence: 0 };
      }
      if (internationalSlotHeld) {
        await releaseInternationalPlace(view.stage);
        internationalSlotHeld = false;
      }
      post.endAgencyCover(systemActor, today(), `post ${view.stage}`);
    });
  }

  // --- the life of the post ------------------------------------------------------------------
  outbox.emit('PostProposed', input.proposedBy, {
    serviceArea: view.details.serviceArea,
    jobTitle: view.details.jobTitle,
    grade: view.details.grade,
    annualCostPence: view.details.annualCostPence,
    fte: view.details.fte,
    funding: input.funding.source,
    ...(input.funding.source === 'existing-establishment' ? { backfillOf: input.funding.backfillOf } : {}),
    decisionMaker: input.decisionMaker,
    deputy: input.deputy,
    openForCallIn: input.openForCallIn,
    ...(input.confidential ? { confidential: true } : {}),
    ...(input.proposalTitle === undefined ? {} : { proposalTitle: input.proposalTitle }),
    ...(input.approvalPolicyVersion === undefined
      ? {}
      : { approvalPolicyVersion: input.approvalPolicyVersion }),
  });
  searchAttributes.publish(view, today());
  post.busy = true;
  await reserveBudget(input.proposedBy);
  post.busy = false;
  searchAttributes.publish(view, today());

  while (!post.isFinal) {
    const stage = view.stage;
    if (stage === 'awaiting-approval') await awaitDecision();
    else if (stage === 'call-in-period') await callInPeriod();
    else if (stage === 'advertised') await advertRunning();
    else await condition(() => view.stage !== stage);
    if (stage === 'recruiting' && view.stage === 'no-suitable-applicants' && internationalSlotHeld) {
      await releaseInternationalPlace('route ended unfilled');
      internationalSlotHeld = false;
    }
    searchAttributes.publish(view, today());
  }

  if (view.stage === 'filled') {
    if (pendingBackfill) await startBackfill(pendingBackfill);
    // An apprenticeship's route goes on until the apprentice qualifies.
    if (route) await route.result();
  } else {
    await releaseEverything();
  }
  searchAttributes.publish(view, today());
  await outbox.flushed();
  return view;
}

export type { PostCommand };
