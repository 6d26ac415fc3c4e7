import {
  type Client,
  isGrpcServiceError,
  QueryNotRegisteredError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { z } from 'zod';
import type { Config } from '../config/index.js';
import {
  type AvailableCommands,
  availableCommandsQuery,
  type PostCommandOutcome,
  postCommandUpdate,
  postViewQuery,
} from '../contract/postMessages.js';
import type { PostView } from '../contract/postView.js';
import {
  amendProposalUpdate,
  type ProposalAmendment,
  type ProposalView,
  proposalViewQuery,
} from '../contract/proposalMessages.js';
import { type RouteView, routeCommandUpdate, routeViewQuery } from '../contract/routeMessages.js';
import { workflowIds } from '../contract/workflowIds.js';
import type { StaffDirectory } from '../directory/staffDirectory.js';
import type { ApprovalPolicy } from '../domain/approvalPolicy.js';
import { personalDataProblems } from '../domain/personalData.js';
import { finalStages } from '../domain/postRules.js';
import { proposalLimitProblems } from '../domain/proposalLimits.js';
import { londonDateOf } from '../domain/workingDays.js';
import { canonicalJson, requestFingerprint, scopedUpdateId } from '../idempotency/fingerprint.js';
import { timingsUnderPolicy } from '../policy/productPolicy.js';
import {
  listPosts,
  listProposals,
  mayView,
  type Page,
  type PostListItem,
  type PostListQuery,
} from '../projections/catalogueQueries.js';
import { postViewOfRecord } from '../projections/catalogueView.js';
import { ownEntry } from '../projections/dashboardModel.js';
import type { PostCatalogue } from '../projections/postCatalogue.js';
import type { Actor, Role } from '../schemas/common.js';
import { InvalidInputError, parseOrExplain } from '../schemas/parseOrExplain.js';
import {
  type LeaveAuthority,
  type PostCommand,
  type PostCommandOf,
  type PostCommandType,
  postCommand,
} from '../schemas/postCommands.js';
import { type ProposalWorkflowSettings, proposalWorkflowInput } from '../schemas/proposal.js';
import { type RouteCommand, routeCommand } from '../schemas/routeCommands.js';
import { directorInbox, type InboxEntry, postSummaryOf, quoted } from './directorInbox.js';
import { refusalReasonOf } from './failureRefusals.js';
import {
  commandPeopleProblem,
  mayViewPost,
  type ProposalRequest,
  resolveProposalPeople,
  type Viewer,
} from './namedPeople.js';
import { visibleTo, type WorkSection, workList } from './workLists.js';

/**
 * Why the service refused: maps to 400, 403, 404, 409 and 503 at the HTTP edge. `id-used` is a
 * conflict of its own: the proposal id was taken by another request.
 */
export type RefusalReason =
  | 'invalid'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  /** Another command to the same post is still being carried out: sending it again will do. */
  | 'busy'
  | 'id-used'
  | 'unavailable';

export interface RefusalField {
  field: string;
  message: string;
}

export class CommandRefused extends Error {
  override readonly name = 'CommandRefused';
  constructor(
    readonly reason: RefusalReason,
    message: string,
    /** The request's field that is wrong, when one is (a person named who is not in the directory). */
    readonly field?: string,
    /** Every field that is wrong, when there are several. */
    readonly fields?: readonly RefusalField[],
  ) {
    super(message);
  }
}

/** Refuses a request whose fields break a rule, naming every field; the first one's words lead. */
function refuseFields(problems: readonly RefusalField[]): void {
  const [first] = problems;
  if (first) throw new CommandRefused('invalid', first.message, first.field, problems);
}

/** The memo field of a proposal's workflow that holds the fingerprint of the request that started it. */
const requestFingerprintMemo = 'requestFingerprint';

/**
 * Parses what a workflow is sent, filling its defaults, so the workflow's history records exactly
 * what it runs with and the workflow itself needs no schema: the one place every caller passes.
 */
function parsedAtTheEdge<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.infer<Schema> {
  try {
    return parseOrExplain(schema, value, what);
  } catch (error) {
    if (error instanceof InvalidInputError) throw new CommandRefused('invalid', error.message);
    throw error;
  }
}

/** A confidential post or proposal is not found by those who may not see it. */
const notFound = () => new CommandRefused('not-found', 'no such post or proposal');

/** gRPC codes that mean "not now": the server is overloaded, unreachable or too slow to answer. */
const busyCodes = new Set<number>([
  4, // DEADLINE_EXCEEDED: no answer within readTimeoutMillis
  8, // RESOURCE_EXHAUSTED: e.g. more than 10 Updates in flight on one workflow
  9, // FAILED_PRECONDITION: "no poller seen for task queue recently": no worker is running
  14, // UNAVAILABLE
]);

/** A read (a query) that no worker answers in this time is answered 503, not left hanging. */
const readTimeoutMillis = 10_000;

function isBusy(error: unknown): boolean {
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const cause = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(cause) && busyCodes.has(cause.code);
}

/**
 * Turns what Temporal says into a refusal a person can act on, by the SDK's error types (never by
 * their wording); anything else is rethrown. A query the workflow has no handler for means the id
 * names some other workflow (a proposal read as a post, a budget ledger): not found.
 */
function refusal(error: unknown): never {
  if (error instanceof WorkflowNotFoundError || error instanceof QueryNotRegisteredError)
    throw new CommandRefused('not-found', 'no such post or proposal');
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const reason = refusalReasonOf(error.cause.type);
    throw new CommandRefused(
      reason,
      reason === 'not-found' ? 'no such post, route or proposal' : error.cause.message,
    );
  }
  if (isBusy(error)) throw new CommandRefused('unavailable', 'Temporal could not take the request now');
  throw error;
}

/**
 * An Update to a workflow that has completed comes back as WorkflowNotFoundError, as does one to no
 * workflow at all: if the workflow can still be described and is of the expected type, it has ended,
 * which is a conflict, not a 404.
 */
const endedMessage: Record<string, string> = {
  postWorkflow: 'the post has ended: no further commands are accepted',
  recruitmentRouteWorkflow: 'the recruitment route has ended: no further commands are accepted',
  proposalWorkflow: 'every post of this proposal has ended: make a new proposal',
};

async function endedOrRefused(handle: WorkflowHandle, workflowType: string, error: unknown): Promise<never> {
  if (error instanceof WorkflowNotFoundError) {
    const ended = await handle.describe().then(
      (description) => description.type === workflowType,
      () => false,
    );
    if (ended) throw new CommandRefused('conflict', endedMessage[workflowType] ?? 'the workflow has ended');
  }
  return refusal(error);
}

export interface PostSummary {
  postId: string;
  proposalId: string;
  stage: string;
  serviceArea: string;
  grade: string;
  jobTitle: string;
  status: string;
}

/**
 * The product's one way into Temporal for people-facing code (HTTP API, web pages, CLI): start
 * proposals, send commands as Updates, read state by query and lists by visibility.
 */
export class PostService {
  constructor(
    readonly client: Client,
    private readonly config: Pick<
      Config,
      | 'TEMPORAL_TASK_QUEUE'
      | 'INTERNATIONAL_RECRUITS_CAP'
      | 'INTERNATIONAL_RECRUITS_ALREADY'
      | 'PROPOSAL_MAX_POSTS'
    >,
    /** Who people are: every person a command names is checked against it before anything starts. */
    readonly directory: StaffDirectory,
    /**
     * Every post's record from the event stream: closed posts are shown from it (Temporal deletes a
     * closed workflow's history after retention) and the lists are made from it. Without one (tests of
     * single workflows), posts are read live and lists come from visibility.
     */
    readonly catalogue?: { model(): PostCatalogue },
    /** The approval policy: a proposal's call-in settings come from it when the proposal gives none. */
    readonly policy?: ApprovalPolicy,
  ) {}

  /**
   * Starts a proposal's workflow. A proposal id is used once, whatever became of its proposal
   * (REJECT_DUPLICATE): another request with a used id is refused as `id-used`, and only a repeat of
   * the very request that started it (the same person, body and Idempotency-Key, kept in the
   * workflow's memo as a fingerprint) is answered as started. The decision maker and deputy default to
   * the service's director and their deputy; everyone named must be in the staff directory with the
   * right role, the proposal within what one workflow holds and its free text free of personal data,
   * or nothing starts.
   */
  async startProposal(
    request: ProposalRequest,
    idempotencyKey?: string,
  ): Promise<{ proposalId: string; started: boolean }> {
    const resolved = resolveProposalPeople(this.directory, request);
    const { problems } = resolved;
    const timings = timingsUnderPolicy(resolved.proposal.timings, this.policy);
    const proposal = { ...resolved.proposal, ...(timings ? { timings } : {}) };
    const [first] = problems;
    if (first) throw new CommandRefused('invalid', first.message, first.field);
    refuseFields(proposalLimitProblems(proposal, this.config.PROPOSAL_MAX_POSTS));
    refuseFields(personalDataProblems(request));
    const fingerprint = requestFingerprint({
      person: proposal.author.id,
      method: 'start-proposal',
      path: proposal.proposalId,
      body: { key: idempotencyKey ?? null, proposal: JSON.parse(canonicalJson(request)) },
    });
    const input: ProposalWorkflowSettings = parsedAtTheEdge(
      proposalWorkflowInput,
      {
        proposal,
        ...(this.policy ? { approvalPolicyVersion: this.policy.version } : {}),
        internationalCap: {
          workflowId: workflowIds.internationalCap,
          cap: this.config.INTERNATIONAL_RECRUITS_CAP,
          alreadyRecruited: this.config.INTERNATIONAL_RECRUITS_ALREADY,
        },
      },
      'proposal',
    );
    try {
      await this.client.workflow.start('proposalWorkflow', {
        taskQueue: this.config.TEMPORAL_TASK_QUEUE,
        workflowId: proposal.proposalId,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        memo: { [requestFingerprintMemo]: fingerprint },
        args: [input],
      });
      return { proposalId: proposal.proposalId, started: true };
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) return refusal(error);
      const described = await this.client.workflow
        .getHandle(proposal.proposalId)
        .describe()
        .catch(() => undefined);
      if (described?.memo?.[requestFingerprintMemo] === fingerprint) {
        return { proposalId: proposal.proposalId, started: true };
      }
      throw new CommandRefused(
        'id-used',
        `The proposal id ${proposal.proposalId} has been used already: every proposal needs an id of its own.`,
        'proposalId',
      );
    }
  }

  /** A query, given up after readTimeoutMillis, its failures as refusals. */
  private read<T>(query: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + readTimeoutMillis;
    return this.client.withDeadline(deadline, query).catch((error: unknown) => {
      try {
        return refusal(error);
      } catch (refused) {
        // Past its deadline, whatever the SDK threw (a cancelled call, a closed stream under load),
        // the read was not answered in time: that is "not now" (503), never a 500.
        if (refused === error && Date.now() >= deadline) {
          throw new CommandRefused('unavailable', 'Temporal could not answer the read in time');
        }
        throw refused;
      }
    });
  }

  /**
   * Adds post lines to a running proposal against its own allocation (an amendment, with who and
   * why). The proposal with its new lines must stay within what one workflow holds, and their free
   * text free of personal data, or nothing is sent. The workflow refuses (409) lines whose cost does
   * not fit what the allocation has left, so a proposal is never amended into held posts. The Update
   * id is scoped to the person, the proposal and the key, so a retry answers with the first result.
   */
  async amendProposal(
    proposalId: string,
    amendment: ProposalAmendment,
    idempotencyKey?: string,
    current?: ProposalView,
  ): Promise<ProposalView> {
    refuseFields(personalDataProblems(amendment));
    const view = current ?? (await this.proposal(proposalId));
    refuseFields(
      proposalLimitProblems({ proposalId, lines: amendment.lines }, this.config.PROPOSAL_MAX_POSTS, {
        lines: Math.max(0, ...view.posts.map((post) => post.lineNumber)),
        posts: view.requested.posts,
        costPence: view.requested.costPence,
      }),
    );
    const handle = this.client.workflow.getHandle(proposalId);
    const updateId = idempotencyKey
      ? scopedUpdateId({
          person: amendment.actor.id,
          target: proposalId,
          command: 'amend-proposal',
          key: idempotencyKey,
        })
      : undefined;
    return handle
      .executeUpdate(amendProposalUpdate, { args: [amendment], ...(updateId ? { updateId } : {}) })
      .catch((error: unknown) => endedOrRefused(handle, 'proposalWorkflow', error));
  }

  /** A proposal, or not found for a viewer who may not see a confidential one. */
  async proposal(proposalId: string, viewer?: Viewer): Promise<ProposalView> {
    const view = await this.read(() => this.client.workflow.getHandle(proposalId).query(proposalViewQuery));
    if (viewer && view.confidential && !viewer.roles.includes('hr')) {
      const named = [view.author?.id, view.decisionMaker, view.deputy];
      if (!named.includes(viewer.id)) throw notFound();
    }
    return view;
  }

  /**
   * A post, or not found for a viewer who may not see a confidential one. A closed post is shown from
   * its catalogued record, so it reads the same before and after Temporal deletes its history; an
   * open one is read live from its workflow.
   */
  async post(postId: string, viewer?: Viewer): Promise<PostView> {
    const recorded = this.catalogue ? ownEntry(this.catalogue.model().posts, postId) : undefined;
    const fromRecord = () => {
      if (!recorded) throw notFound();
      if (viewer && !mayView(recorded, viewer)) throw notFound();
      return postViewOfRecord(recorded);
    };
    if (recorded && finalStages.includes(recorded.stage)) return fromRecord();
    let view: PostView;
    try {
      view = await this.read(() => this.client.workflow.getHandle(postId).query(postViewQuery));
    } catch (error) {
      if (error instanceof CommandRefused && error.reason === 'not-found' && recorded) return fromRecord();
      throw error;
    }
    if (viewer && !mayViewPost(this.directory, view, viewer, londonDateOf(Date.now()))) throw notFound();
    return view;
  }

  /** One page of the posts a person may see, from the catalogue (open and closed), searched and filtered. */
  listPosts(query: PostListQuery, viewer: Viewer): Page<PostListItem> | undefined {
    return this.catalogue ? listPosts(this.catalogue.model(), query, viewer) : undefined;
  }

  /** One page of the proposals a person may see, newest first. */
  listProposals(
    query: { text?: string | undefined; page?: number | undefined; perPage?: number | undefined },
    viewer: Viewer,
  ) {
    return this.catalogue ? listProposals(this.catalogue.model(), query, viewer) : undefined;
  }

  /** Everything waiting for a person, by section (temporal/workLists.ts). */
  workList(person: {
    id: string;
    roles: readonly Role[];
    serviceAreas: readonly string[];
  }): Promise<WorkSection[]> {
    const covering = this.directory.directorsCoveredBy(person.id, londonDateOf(Date.now()));
    return workList(this.client, { ...person, covering });
  }

  /** What this person may do to the post now, by the workflow's own rules (the pages offer these). */
  async availableCommands(
    postId: string,
    actor: Actor,
    onBehalfOf?: LeaveAuthority,
  ): Promise<AvailableCommands> {
    const handle = this.client.workflow.getHandle(postId);
    const answer: AvailableCommands | PostCommandType[] = await this.read(() =>
      onBehalfOf
        ? handle.query(availableCommandsQuery, actor, onBehalfOf)
        : handle.query(availableCommandsQuery, actor),
    );
    // A worker still on the code before routes were asked here answers with the commands alone
    // (during a rolling deploy): no route is offered until it is replaced.
    return Array.isArray(answer) ? { commands: answer, routes: [] } : answer;
  }

  /**
   * What a person may do to the post now in any of their roles: the workflow asked once per role.
   * A person with several roles acts in each (a deputy who is also HR may revise and decide); a
   * deputy covering the decision maker's leave is asked about with that cover.
   */
  async availableCommandsFor(
    postId: string,
    person: { id: string; roles: readonly Role[] },
    view?: PostView,
  ): Promise<AvailableCommands> {
    const each = await Promise.all(
      person.roles.map(async (role) => {
        const actor = { id: person.id, role };
        const leave =
          role === 'deputy' ? this.leaveCoverOf(person.id, view ?? (await this.post(postId))) : undefined;
        return this.availableCommands(postId, actor, leave);
      }),
    );
    return {
      commands: [...new Set(each.flatMap((answer) => answer.commands))],
      routes: [...new Set(each.flatMap((answer) => answer.routes))],
    };
  }

  /** The leave cover through which a deputy holds the post's decision today, as a command carries it. */
  private leaveCoverOf(deputyId: string, view: PostView): LeaveAuthority | undefined {
    const leave = this.directory.leaveDelegationFor(
      deputyId,
      view.decisionMaker,
      view.details.serviceArea,
      londonDateOf(Date.now()),
    );
    if (!leave) return undefined;
    const { id, directorId, from, to, serviceArea } = leave;
    return { delegationId: id, directorId, from, to, ...(serviceArea ? { serviceArea } : {}) };
  }

  /**
   * Sends a post command as an Update. The idempotency key becomes the Update id, so Temporal
   * answers a retried request with the first request's result instead of applying it twice.
   */
  async postCommand(
    postId: string,
    unparsed: PostCommand,
    idempotencyKey?: string,
  ): Promise<PostCommandOutcome> {
    const command = parsedAtTheEdge(postCommand, unparsed, 'command');
    const problem = commandPeopleProblem(this.directory, command);
    if (problem) throw new CommandRefused('invalid', problem.message, problem.field);
    refuseFields(personalDataProblems(command));
    if (command.type === 'publish-advert' && command.opensOn < londonDateOf(Date.now())) {
      refuseFields([
        { field: 'opensOn', message: 'An advert cannot open in the past: opensOn must be today or later' },
      ]);
    }
    const handle = this.client.workflow.getHandle(postId);
    const sent = command.type === 'decide' ? await this.withLeaveCover(postId, command) : command;
    const updateId = idempotencyKey
      ? scopedUpdateId({
          person: command.actor.id,
          target: postId,
          command: command.type,
          key: idempotencyKey,
        })
      : undefined;
    const outcome: PostCommandOutcome | PostView = await handle
      .executeUpdate(postCommandUpdate, { args: [sent], ...(updateId ? { updateId } : {}) })
      .catch((error: unknown) => endedOrRefused(handle, 'postWorkflow', error));
    return 'decided' in outcome ? outcome : outcomeOfEarlierCode(outcome, sent);
  }

  /**
   * A deputy's decision carries the leave cover the directory holds for them today, if any: the
   * workflow checks it again against the post's decision maker and its own clock.
   */
  private async withLeaveCover(postId: string, command: PostCommandOf<'decide'>): Promise<PostCommand> {
    if (command.actor.role !== 'deputy') return command;
    const onBehalfOf = this.leaveCoverOf(command.actor.id, await this.post(postId));
    return onBehalfOf ? { ...command, onBehalfOf } : command;
  }

  async routeCommand(postId: string, unparsed: RouteCommand, idempotencyKey?: string): Promise<RouteView> {
    const command = parsedAtTheEdge(routeCommand, unparsed, 'route command');
    refuseFields(personalDataProblems(command));
    const workflowId = workflowIds.route(postId);
    const handle = this.client.workflow.getHandle(workflowId);
    const updateId = idempotencyKey
      ? scopedUpdateId({
          person: command.actor.id,
          target: workflowId,
          command: command.type,
          key: idempotencyKey,
        })
      : undefined;
    return handle
      .executeUpdate(routeCommandUpdate, { args: [command], ...(updateId ? { updateId } : {}) })
      .catch((error: unknown) => endedOrRefused(handle, 'recruitmentRouteWorkflow', error));
  }

  async route(postId: string): Promise<RouteView> {
    return this.read(() => this.client.workflow.getHandle(workflowIds.route(postId)).query(routeViewQuery));
  }

  inbox(proposalId?: string): Promise<InboxEntry[]> {
    return directorInbox(this.client, proposalId);
  }

  /** Posts by visibility (newest first), optionally of one proposal; confidential ones only for who may see them. */
  async posts(filter: { proposalId?: string; limit?: number; viewer?: Viewer } = {}): Promise<PostSummary[]> {
    const conditions = [`WorkflowType = 'postWorkflow'`];
    if (filter.proposalId) conditions.push(`ProposalId = ${quoted(filter.proposalId)}`);
    if (filter.viewer && !filter.viewer.roles.includes('hr')) conditions.push(visibleTo(filter.viewer.id));
    const found: PostSummary[] = [];
    for await (const execution of this.client.workflow.list({ query: conditions.join(' AND ') })) {
      found.push({ ...postSummaryOf(execution), status: execution.status.name });
      if (found.length >= (filter.limit ?? 500)) break;
    }
    return found;
  }
}

/**
 * An Update completed by the code before Updates said what they decided answered with the post alone,
 * and Temporal answers a retry of it (same idempotency key) with that recorded result: the entry is
 * then the newest this person recorded, as the audit read it before.
 */
function outcomeOfEarlierCode(view: PostView, command: PostCommand): PostCommandOutcome {
  const own = view.decisions.filter((entry) => entry.actor.id === command.actor.id);
  const decided = own.at(-1) ?? {
    action: command.type,
    actor: command.actor,
    authority: command.actor.role,
    reason: '',
    at: new Date().toISOString(),
  };
  return { decided, view };
}
