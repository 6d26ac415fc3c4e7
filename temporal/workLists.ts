import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import {
  ApprovalOverdueKey,
  DecisionMakerKey,
  JobTitleKey,
  ProposedByKey,
} from '../contract/searchAttributes.js';
import type { PostStage } from '../domain/postRules.js';
import type { Role } from '../schemas/common.js';
import type { LeaveDelegation } from '../schemas/person.js';
import { postSummaryOf, quoted } from './directorInbox.js';

/** One post in a person's work list: what it is, where it stands and why it is theirs. */
export interface WorkItem {
  postId: string;
  proposalId: string;
  jobTitle: string;
  stage: string;
  serviceArea: string;
  grade: string;
  decisionMaker: string;
  proposedBy: string;
  overdue: boolean;
  startedAt: Date;
  /** Why it is on this list, in words: "your decision", "leave cover for director.julie". */
  why: string;
}

export type WorkSectionKey = 'decide' | 'call-in' | 'respond' | 'answered' | 'hr';

export interface WorkSection {
  key: WorkSectionKey;
  title: string;
  items: WorkItem[];
  /** Sections of things done (answered consultations) do not count as waiting. */
  waiting: boolean;
}

/** Who is asking for their list: their id, roles, service areas and any leave they are covering. */
export interface WorkListPerson {
  id: string;
  roles: readonly Role[];
  serviceAreas: readonly string[];
  /** Leave delegations in force today whose deputy is this person. */
  covering: readonly LeaveDelegation[];
}

const decisionStages: readonly PostStage[] = ['awaiting-approval', 'budget-held', 'concerns-raised'];
/** The stages in which the post waits for HR: a revision, an advert, applications, a route step. */
export const hrStages: readonly PostStage[] = [
  'sent-back',
  'budget-held',
  'ready-to-recruit',
  'awaiting-applications',
  'applicants-available',
  'no-suitable-applicants',
  'held',
  'recruiting',
];
const partyOfRole: Partial<Record<Role, string>> = {
  union: 'union',
  'executive-member': 'executive-member',
  'equality-lead': 'equality',
};

const list = (values: readonly string[]) => values.map(quoted).join(', ');
const running = `WorkflowType = 'postWorkflow' AND ExecutionStatus = 'Running'`;
/** A confidential post is listed only for the people named on it (HR sees every post). */
export const visibleTo = (id: string) =>
  `(Confidential = false OR Confidential IS NULL OR NamedPeople = ${quoted(id)})`;

/** The service areas clause: every area for `*`, else the person's own. */
function inAreas(areas: readonly string[]): string {
  if (areas.includes('*')) return '';
  if (areas.length === 0) return ` AND ServiceArea = ''`;
  return ` AND ServiceArea IN (${list(areas)})`;
}

/** The visibility queries behind each section of a person's list, in the order the page shows them. */
export function workListQueries(
  person: WorkListPerson,
): { key: WorkSectionKey; query: string; why: string }[] {
  const queries: { key: WorkSectionKey; query: string; why: string }[] = [];
  const has = (...roles: Role[]) => person.roles.some((role) => roles.includes(role));
  if (has('director', 'deputy')) {
    const deciding = `${running} AND PostStage IN (${list(decisionStages)})`;
    queries.push({
      key: 'decide',
      query: `${deciding} AND (Deciders = ${quoted(person.id)}) AND ${visibleTo(person.id)}`,
      why: 'yours to decide',
    });
    for (const leave of person.covering) {
      const area = leave.serviceArea ? ` AND ServiceArea = ${quoted(leave.serviceArea)}` : '';
      queries.push({
        key: 'decide',
        query: `${deciding} AND DecisionMaker = ${quoted(leave.directorId)}${area}`,
        why: `leave cover for ${leave.directorId} until ${leave.to}`,
      });
    }
  }
  if (has('deputy')) {
    queries.push({
      key: 'call-in',
      query: `${running} AND PostStage = 'called-in'${inAreas(person.serviceAreas)} AND ${visibleTo(person.id)}`,
      why: 'the scrutiny board’s outcome to record',
    });
  }
  for (const role of person.roles) {
    const party = partyOfRole[role];
    if (!party) continue;
    const areas = inAreas(person.serviceAreas);
    queries.push({
      key: 'respond',
      query: `${running} AND PostStage IN ('consultation', 'concerns-raised') AND Consultation = ${quoted(`awaiting:${party}`)}${areas} AND ${visibleTo(person.id)}`,
      why: 'your consultation response',
    });
    queries.push({
      key: 'answered',
      query: `WorkflowType = 'postWorkflow' AND Consultation = ${quoted(`answered:${party}`)}${areas} AND ${visibleTo(person.id)}`,
      why: 'answered',
    });
  }
  if (has('hr')) {
    queries.push({
      key: 'hr',
      query: `${running} AND PostStage IN (${list(hrStages)})${inAreas(person.serviceAreas)}`,
      why: 'waiting on HR',
    });
  }
  return queries;
}

const titles: Record<WorkSectionKey, string> = {
  decide: 'Decisions waiting for you',
  'call-in': 'Call-ins waiting for their outcome',
  respond: 'Consultation responses waiting for you',
  answered: 'Consultations you have answered',
  hr: 'Posts waiting on HR',
};

function itemOf(execution: WorkflowExecutionInfo, why: string): WorkItem {
  const attributes = execution.typedSearchAttributes;
  return {
    ...postSummaryOf(execution),
    jobTitle: attributes.get(JobTitleKey) ?? '',
    decisionMaker: attributes.get(DecisionMakerKey) ?? '',
    proposedBy: attributes.get(ProposedByKey) ?? '',
    overdue: attributes.get(ApprovalOverdueKey) ?? false,
    startedAt: execution.startTime,
    why,
  };
}

/** At most this many posts per section; a longer list is paged on the page from these. */
const MOST_PER_SECTION = 1_000;

/**
 * Everything waiting for a person, by section, overdue first and then oldest first (SQL visibility
 * cannot ORDER BY custom attributes, so the sort is done here), each post once per section.
 */
export async function workList(client: Client, person: WorkListPerson): Promise<WorkSection[]> {
  const sections = new Map<WorkSectionKey, Map<string, WorkItem>>();
  for (const { key, query, why } of workListQueries(person)) {
    const items = sections.get(key) ?? new Map<string, WorkItem>();
    sections.set(key, items);
    for await (const execution of client.workflow.list({ query })) {
      if (!items.has(execution.workflowId)) items.set(execution.workflowId, itemOf(execution, why));
      if (items.size >= MOST_PER_SECTION) break;
    }
  }
  return [...sections].map(([key, items]) => ({
    key,
    title: titles[key],
    waiting: key !== 'answered',
    items: [...items.values()].sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || a.startedAt.getTime() - b.startedAt.getTime(),
    ),
  }));
}
