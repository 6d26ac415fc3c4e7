import type { PostView } from '../contract/postView.js';
import type { StaffDirectory } from '../directory/staffDirectory.js';
import type { Role } from '../schemas/common.js';
import type { PostCommand } from '../schemas/postCommands.js';
import type { ApprovalTimingsGiven, Proposal } from '../schemas/proposal.js';

/** A problem with a person a request names: the field that names them and why they cannot be used. */
export interface PersonFieldProblem {
  field: string;
  message: string;
}

/**
 * A proposal as a person sends it: the decision maker and deputy may be left to the directory, and
 * the timetable, or any of it, to the approval policy and the defaults.
 */
export type ProposalRequest = Omit<Proposal, 'decisionMaker' | 'deputy' | 'timings'> & {
  decisionMaker?: string | undefined;
  deputy?: string | undefined;
  timings?: ApprovalTimingsGiven | undefined;
};

/**
 * Fills a proposal's decision maker (the director of its service) and deputy (who deputises for that
 * director) when not given, and checks everyone it names against the staff directory.
 */
export function resolveProposalPeople(
  directory: StaffDirectory,
  request: ProposalRequest,
): { proposal: Proposal; problems: PersonFieldProblem[] } {
  const problems: PersonFieldProblem[] = [];
  const decisionMaker = request.decisionMaker ?? directory.directorOf(request.service)?.id;
  if (!decisionMaker) {
    problems.push({
      field: 'decisionMaker',
      message: `no director in the staff directory is the director of ${request.service}: name the decision maker`,
    });
  }
  const deputy = request.deputy ?? (decisionMaker ? directory.deputyOf(decisionMaker)?.id : undefined);
  if (decisionMaker && !deputy) {
    problems.push({
      field: 'deputy',
      message: `nobody in the staff directory deputises for ${decisionMaker}: name the deputy`,
    });
  }
  const proposal = { ...request, decisionMaker: decisionMaker ?? '', deputy: deputy ?? '' } as Proposal;
  const named: [string, string, 'director' | 'deputy' | 'hr'][] = [
    ['decisionMaker', proposal.decisionMaker, 'director'],
    ['deputy', proposal.deputy, 'deputy'],
    ['author', proposal.author.id, 'hr'],
  ];
  for (const [field, id, role] of named) {
    if (!id || problems.some((problem) => problem.field === field)) continue;
    const problem = directory.roleProblem(id, role);
    if (problem) problems.push({ field, message: problem });
  }
  if (!problems.length && proposal.decisionMaker === proposal.author.id) {
    problems.push({
      field: 'decisionMaker',
      message: 'the proposer of a post can never be its decision maker',
    });
  }
  return { proposal, problems };
}

/** Whom a command names besides its sender: a delegate must be a deputy director other than the sender. */
export function commandPeopleProblem(
  directory: StaffDirectory,
  command: PostCommand,
): PersonFieldProblem | undefined {
  if (command.type !== 'delegate') return undefined;
  const problem = directory.roleProblem(command.delegateId, 'deputy');
  if (problem) return { field: 'delegateId', message: problem };
  if (command.delegateId === command.actor.id) {
    return { field: 'delegateId', message: 'a decision cannot be delegated to yourself' };
  }
  return undefined;
}

/** Who is asking to see something: their id and roles. */
export interface Viewer {
  id: string;
  roles: readonly Role[];
}

/**
 * Whether a person may see a post: anyone for an ordinary post; for a confidential one only HR, its
 * proposer, its decision makers (the director, the deputy, delegates, whoever covers the director's
 * leave today) and people named in its history.
 */
export function mayViewPost(
  directory: StaffDirectory,
  view: PostView,
  viewer: Viewer,
  today: string,
): boolean {
  if (!view.confidential || viewer.roles.includes('hr')) return true;
  const named = new Set([
    view.proposedBy.id,
    view.decisionMaker,
    view.deputy,
    ...view.delegations.map((delegation) => delegation.delegateId),
    ...view.decisions.map((decision) => decision.actor.id),
  ]);
  if (named.has(viewer.id)) return true;
  return (
    directory.leaveDelegationFor(viewer.id, view.decisionMaker, view.details.serviceArea, today) !== undefined
  );
}
