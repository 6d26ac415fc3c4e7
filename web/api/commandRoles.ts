import { type Role, role } from '../../schemas/common.js';
import type { ConsultationParty, PostCommandType } from '../../schemas/postCommands.js';
import type { RouteCommandType } from '../../schemas/routeCommands.js';

/**
 * Who may send what through the API. The API refuses a role outright (403) before anything reaches
 * a workflow; the workflow's validators then check the finer rules (stage, delegation, escalation,
 * the proposer never approving) with the actor the command carries. Kept in step with
 * domain/postRules.ts and domain/routeSteps.ts by tests/web/authorization.test.ts.
 */
export type UserRole = Exclude<Role, 'system'>;

/** Every role a person can have: all of schemas/common.ts but the workflow's own `system`. */
export const userRoles: readonly UserRole[] = role.options.filter(
  (name): name is UserRole => name !== 'system',
);

export const postCommandRoles: Readonly<Record<PostCommandType, readonly UserRole[]>> = {
  // The deputy decides under a delegation or after escalation; the workflow checks which.
  decide: ['director', 'deputy'],
  delegate: ['director'],
  revise: ['hr'],
  'record-consultation': ['union', 'executive-member', 'equality-lead'],
  'record-call-in': ['deputy'],
  'record-call-in-outcome': ['deputy'],
  'publish-advert': ['hr'],
  'record-applications': ['hr'],
  hold: ['hr'],
  'start-route': ['hr'],
  'start-agency-cover': ['hr'],
  'end-agency-cover': ['hr'],
  withdraw: ['hr', 'director'],
};

const hrOnly: readonly UserRole[] = ['hr'];

/** Every step of a recruitment route is recorded by HR. */
export const routeCommandRoles: Readonly<Record<RouteCommandType, readonly UserRole[]>> = {
  shortlist: hrOnly,
  'record-interview': hrOnly,
  'make-offer': hrOnly,
  'record-offer-response': hrOnly,
  'record-check': hrOnly,
  'assign-certificate-of-sponsorship': hrOnly,
  'record-visa-decision': hrOnly,
  'confirm-overseas-registration': hrOnly,
  'record-arrival': hrOnly,
  'enrol-apprentice': hrOnly,
  'record-qualification': hrOnly,
  'join-step-up-cohort': hrOnly,
  'confirm-start': hrOnly,
  'end-unfilled': hrOnly,
};

/** Drafting a proposal is HR's; the proposer is never the one who approves its posts. */
export const proposerRoles: readonly UserRole[] = hrOnly;

/** The director's inbox: posts waiting for a decision. */
export const inboxRoles: readonly UserRole[] = ['director', 'deputy'];

/** Every signed-in person may read proposals, posts and routes, and a post's audit log. */
export const readerRoles: readonly UserRole[] = userRoles;

/**
 * Exporting the whole audit log (every person's attempts on every post) is for those who answer for
 * the posts and their money: directors, deputies, HR and finance. Consultees and viewers see a post's
 * attempts on its page; they do not take the council-wide record away.
 */
export const auditExportRoles: readonly UserRole[] = ['director', 'deputy', 'hr', 'finance'];

/** Each consultation party answers only for itself: the union cannot record the equality screening. */
export const consultationPartyOfRole: Readonly<Partial<Record<UserRole, ConsultationParty>>> = {
  union: 'union',
  'executive-member': 'executive-member',
  'equality-lead': 'equality',
};

export function mayRecordConsultation(role: Role, party: ConsultationParty): boolean {
  return consultationPartyOfRole[role as UserRole] === party;
}

/** The role that answers for a consultation party (a person may hold several consultee roles). */
export function consultationRoleOfParty(party: string): UserRole {
  const found = Object.entries(consultationPartyOfRole).find(([, of]) => of === party);
  return (found?.[0] as UserRole | undefined) ?? 'union';
}
