import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
} from '@temporalio/workflow';
import { commandFailure } from '../contract/failureTypes.js';
import {
  type RouteInput,
  type RouteResult,
  type RouteView,
  routeCommandUpdate,
  routeProgressSignal,
  routeViewQuery,
} from '../contract/routeMessages.js';
import { routeCommandShapeProblem } from '../domain/commandShapes.js';
import { refusalFailureType } from '../domain/postRules.js';
import { applyRouteCommand } from '../domain/routeCommands.js';
import {
  acceptedCommands,
  initialRouteState,
  RouteRuleError,
  type RouteState,
  type RouteStepResult,
  routeStep,
} from '../domain/routeSteps.js';
import type { RouteCommand } from '../schemas/routeCommands.js';
import { EventOutbox } from './eventOutbox.js';

/**
 * The recruitment route of one post (id `${postId}.route`), a child of the post workflow. HR records
 * each step as an Update; the rules live in domain/routeSteps.ts. The route publishes its own events,
 * then tells the post it is filled (or ended unfilled). An apprenticeship's route goes on after that
 * until the apprentice qualifies.
 */
export async function recruitmentRouteWorkflow(input: RouteInput): Promise<RouteResult> {
  const outbox = new EventOutbox({ postId: input.postId, proposalId: input.proposalId });
  // Outside the workflow's cancellation: when the post is withdrawn, what was emitted still gets out.
  void CancellationScope.nonCancellable(() => outbox.run());
  let state = initialRouteState(input);

  setHandler(routeViewQuery, () => viewOf(input, state));
  setHandler(
    routeCommandUpdate,
    (command) => {
      const result = decided(state, command);
      state = result.state;
      for (const event of result.events) outbox.emit(event.type, command.actor, event.data);
      return viewOf(input, state);
    },
    {
      // The same rules, run on the current state without keeping the result: a refused command is
      // rejected before it is accepted, so it leaves no trace in the route's history.
      // The handler applies exactly the command checked here (the edges parsed it in full).
      validator: (command) => {
        checkedShape(command);
        decided(state, command);
      },
    },
  );

  try {
    await condition(() => state.filled !== undefined || state.unfilledReason !== undefined);
    await outbox.flushed();
    const post = getExternalWorkflowHandle(input.parentWorkflowId);
    const filled = state.filled;
    if (!filled) {
      const reason = state.unfilledReason ?? 'the route ended without filling the post';
      await post.signal(routeProgressSignal, { kind: 'unfilled', reason });
      await condition(allHandlersFinished);
      return { outcome: 'unfilled', reason };
    }
    await post.signal(routeProgressSignal, {
      kind: 'filled',
      personRef: filled.personRef,
      startsOn: filled.startsOn,
      ...(filled.vacatedPost ? { vacatedPost: filled.vacatedPost } : {}),
    });
    if (input.route === 'apprenticeship') {
      await condition(() => state.qualifiedOn !== undefined);
      await outbox.flushed();
    }
    await condition(allHandlersFinished);
    return { outcome: 'filled', personRef: filled.personRef };
  } catch (error) {
    // The post was withdrawn: publish what HR already recorded, then end as cancelled.
    if (isCancellation(error)) await CancellationScope.nonCancellable(() => outbox.flushed());
    throw error;
  }
}

function checkedShape(command: RouteCommand): void {
  const problem = routeCommandShapeProblem(command);
  if (problem)
    throw ApplicationFailure.nonRetryable(`invalid route command: ${problem}`, commandFailure.InvalidCommand);
}

function decided(state: RouteState, command: RouteCommand): RouteStepResult {
  try {
    return applyRouteCommand(state, command);
  } catch (error) {
    if (error instanceof RouteRuleError)
      throw ApplicationFailure.nonRetryable(error.message, refusalFailureType[error.kind]);
    throw error;
  }
}

function viewOf(input: RouteInput, state: RouteState): RouteView {
  const offer = state.offer;
  return {
    postId: input.postId,
    route: input.route,
    step: routeStep(state),
    accepts: acceptedCommands(state),
    shortlisted: [...state.shortlisted],
    appointable: [...state.appointable],
    ...(offer ? { offeredTo: offer.candidateRef } : {}),
    ...(offer?.accepted ? { acceptedBy: offer.candidateRef } : {}),
    checks: { ...state.checks },
    filled: state.filled !== undefined,
    ...(input.route === 'apprenticeship' ? { qualified: state.qualifiedOn !== undefined } : {}),
  };
}
