import { formatPence } from './money.js';

/**
 * A council's approval policy: which chain of approvers a post needs, by what the post is. Rules are
 * read in order and the first whose conditions the post meets gives its chain, so every post gets
 * exactly one chain; a policy under which some post would get none is refused when it is loaded
 * (`postWithoutChain`). Pure and workflow-safe: the file is read and validated at the edge
 * (policy/approvalPolicyFile.ts).
 */

/** The roles that may hold an approval level: the people who authorise spending and posts. */
export const approverRoles = ['director', 'deputy', 'finance', 'executive-member'] as const;
export type ApproverRole = (typeof approverRoles)[number];

/** Who holds a level, or stands in for it: everyone with a role, or one named person (a user id). */
export type Approver = { role: ApproverRole } | { person: string };

export interface ApprovalLevel {
  /** What the council calls the level: "Head of service", "Finance business partner". */
  name: string;
  approver: Approver;
  reminderAfterWorkingDays: number;
  escalateAfterWorkingDays: number;
  /** Who may decide once the level is escalated; without one, escalation reminds the approver again. */
  standIn?: Approver;
}

/** One step of a chain: one level, or several that decide in parallel (all must approve). */
export interface ApprovalStep {
  levels: ApprovalLevel[];
}

/** What a rule asks of a post; a condition left out holds for every post. */
export interface PolicyConditions {
  serviceAreas?: string[];
  grades?: string[];
  /** Full-time annual cost, in pence: the rule holds from this amount up. */
  annualCostPenceAtLeast?: number;
  /** Full-time annual cost, in pence: the rule holds below this amount. */
  annualCostPenceBelow?: number;
  fteAtLeast?: number;
  fteBelow?: number;
  /** The allocation a new post is funded from, by name; a replacement's is "existing establishment". */
  fundingSources?: string[];
  /** True: a new post; false: a replacement for a post that became vacant. */
  newPost?: boolean;
  confidential?: boolean;
}

export interface PolicyRule {
  name: string;
  when: PolicyConditions;
  chain: ApprovalStep[];
}

export interface ApprovalPolicy {
  /** The council's name for this version of the policy; a post records the version it started under. */
  version: string;
  callIn: { workingDays: number; closingTime: string };
  rules: PolicyRule[];
}

/** What the policy reads of a post. */
export interface PolicyPost {
  serviceArea: string;
  grade: string;
  annualCostPence: number;
  fte: number;
  fundingSource: string;
  newPost: boolean;
  confidential: boolean;
}

/** The funding source of a replacement post, which no allocation pays for. */
export const existingEstablishment = 'existing establishment';

/** Names are compared as people type them: case and surrounding spaces do not matter. */
const nameKey = (name: string) => name.trim().toLowerCase();
const named = (names: readonly string[] | undefined, name: string) =>
  names === undefined || names.some((candidate) => nameKey(candidate) === nameKey(name));

export function ruleHolds(when: PolicyConditions, post: PolicyPost): boolean {
  return (
    named(when.serviceAreas, post.serviceArea) &&
    named(when.grades, post.grade) &&
    named(when.fundingSources, post.fundingSource) &&
    (when.annualCostPenceAtLeast === undefined || post.annualCostPence >= when.annualCostPenceAtLeast) &&
    (when.annualCostPenceBelow === undefined || post.annualCostPence < when.annualCostPenceBelow) &&
    (when.fteAtLeast === undefined || post.fte >= when.fteAtLeast) &&
    (when.fteBelow === undefined || post.fte < when.fteBelow) &&
    (when.newPost === undefined || post.newPost === when.newPost) &&
    (when.confidential === undefined || post.confidential === when.confidential)
  );
}

/** The rule that gives the post its chain (the first that holds), with its place in the policy. */
export function ruleFor(
  policy: ApprovalPolicy,
  post: PolicyPost,
): { rule: PolicyRule; index: number } | undefined {
  const index = policy.rules.findIndex((rule) => ruleHolds(rule.when, post));
  const rule = policy.rules[index];
  return rule ? { rule, index } : undefined;
}

/** Stands for every name no rule lists. */
const anyOther = '\u0000any other';
/** FTE is above 0, to six decimal places at most. */
const SMALLEST_FTE = 0.000_001;

/**
 * A post no rule holds for, or undefined when every post has a rule. Each condition divides its
 * field into a few ranges or names, and a rule holds on a box of them, so trying one post from
 * every combination of those ranges (the names listed and one other; each bound and the lowest value)
 * finds a gap whenever there is one.
 */
export function postWithoutChain(policy: ApprovalPolicy): PolicyPost | undefined {
  const names = (pick: (when: PolicyConditions) => string[] | undefined) => [
    ...new Set(policy.rules.flatMap((rule) => (pick(rule.when) ?? []).map(nameKey))),
    anyOther,
  ];
  // A rule holds on [atLeast, below): where every rule stops holding, a gap begins at a bound or at
  // the lowest value the field takes, so those are the only values to try.
  // `usual` comes first only so that the post a refusal names reads plainly (a full-time post).
  const bounds = (
    pick: (when: PolicyConditions) => (number | undefined)[],
    lowest: number,
    usual = lowest,
  ) => [
    ...new Set([
      usual,
      ...policy.rules.flatMap((rule) => pick(rule.when)).filter((bound) => bound !== undefined),
      lowest,
    ]),
  ];
  const dimensions = {
    serviceArea: names((when) => when.serviceAreas),
    grade: names((when) => when.grades),
    fundingSource: names((when) => when.fundingSources),
    annualCostPence: bounds((when) => [when.annualCostPenceAtLeast, when.annualCostPenceBelow], 0),
    fte: bounds((when) => [when.fteAtLeast, when.fteBelow], SMALLEST_FTE, 1),
    newPost: [true, false],
    confidential: [true, false],
  };
  let found: PolicyPost | undefined;
  const search = (keys: (keyof typeof dimensions)[], post: Partial<PolicyPost>): void => {
    if (found) return;
    const [key, ...rest] = keys;
    if (key === undefined) {
      const complete = post as PolicyPost;
      if (!policy.rules.some((rule) => ruleHolds(rule.when, complete))) found = complete;
      return;
    }
    for (const value of dimensions[key]) search(rest, { ...post, [key]: value });
  };
  search(Object.keys(dimensions) as (keyof typeof dimensions)[], {});
  return found;
}

/** A post as people read it, with "any other" in words: for the refusal that names the gap. */
export function describePolicyPost(post: PolicyPost): string {
  const name = (value: string, other: string) => (value === anyOther ? other : `'${value}'`);
  return [
    `service area ${name(post.serviceArea, 'not named by any rule')}`,
    `grade ${name(post.grade, 'not named by any rule')}`,
    `full-time annual cost ${formatPence(post.annualCostPence)} (${post.annualCostPence} pence)`,
    `FTE ${post.fte}`,
    `funding source ${name(post.fundingSource, 'not named by any rule')}`,
    post.newPost ? 'a new post' : 'a replacement',
    post.confidential ? 'confidential' : 'not confidential',
  ].join(', ');
}

/** Every approver a chain names, with the level's name: for checking them against the directory. */
export function approversOf(
  policy: ApprovalPolicy,
): { ruleIndex: number; rule: string; level: string; approver: Approver }[] {
  return policy.rules.flatMap((rule, ruleIndex) =>
    rule.chain.flatMap((step) =>
      step.levels.flatMap((level) => [
        { ruleIndex, rule: rule.name, level: level.name, approver: level.approver },
        ...(level.standIn
          ? [{ ruleIndex, rule: rule.name, level: `${level.name} (stand-in)`, approver: level.standIn }]
          : []),
      ]),
    ),
  );
}
