import { z } from 'zod';
import {
  type ApprovalLevel,
  type ApprovalPolicy,
  type Approver,
  type ApproverRole,
  approverRoles,
  type PolicyConditions,
} from '../domain/approvalPolicy.js';
import { defaultApprovalTimings } from '../domain/postInputDefaults.js';
import { fte, pence, timeOfDay, userId } from './common.js';

/**
 * An approval policy file as a council writes it (README, "Writing an approval policy"); parsed into
 * domain/approvalPolicy.ts's ApprovalPolicy. Field names are the file's own.
 */

const name = z.string().trim().min(1, 'must not be empty').max(200);
const workingDays = (max: number) => z.number().int('must be a whole number of working days').min(1).max(max);
const approverRole = z.enum(approverRoles, {
  error: `expected one of ${approverRoles.join(', ')}`,
});

/** `role: director` or `person: director.julie`, never both and never neither. */
const namesOneApprover = (value: { role?: unknown; person?: unknown }) =>
  (value.role === undefined) !== (value.person === undefined);

const approverFields = z
  .object({ role: approverRole.optional(), person: userId.optional() })
  .strict()
  .refine(namesOneApprover, {
    message: 'give either role or person (one of them)',
  });

const toApprover = (value: { role?: ApproverRole | undefined; person?: string | undefined }): Approver =>
  value.person !== undefined ? { person: value.person } : { role: value.role as ApproverRole };

const level = z
  .object({
    level: name,
    role: approverRole.optional(),
    person: userId.optional(),
    reminderAfterWorkingDays: workingDays(60).default(defaultApprovalTimings.reminderAfterWorkingDays),
    escalateAfterWorkingDays: workingDays(120).default(defaultApprovalTimings.escalateAfterWorkingDays),
    standIn: approverFields.optional(),
  })
  .strict()
  .refine(namesOneApprover, {
    message: 'give the level either a role or a person (one of them)',
  })
  .refine((value) => value.escalateAfterWorkingDays > value.reminderAfterWorkingDays, {
    message: 'escalateAfterWorkingDays must be more than reminderAfterWorkingDays (the reminder comes first)',
    path: ['escalateAfterWorkingDays'],
  })
  .transform(
    (value): ApprovalLevel => ({
      name: value.level,
      approver: toApprover(value),
      reminderAfterWorkingDays: value.reminderAfterWorkingDays,
      escalateAfterWorkingDays: value.escalateAfterWorkingDays,
      ...(value.standIn ? { standIn: toApprover(value.standIn) } : {}),
    }),
  );

/** Levels that decide in parallel: all of them must approve before the chain moves on. */
const together = z
  .object({ together: z.array(level).min(2, 'list at least two levels to run together') })
  .strict();

/** A step is one level, or `together:` with several. */
export const approvalStep = z.union([together, level]).transform((step) => ({
  levels: 'together' in step ? step.together : [step],
}));

const names = z.array(name).min(1, 'list at least one name');

const conditions = z
  .object({
    serviceAreas: names.optional(),
    grades: names.optional(),
    annualCostPenceAtLeast: pence.optional(),
    annualCostPenceBelow: pence.optional(),
    fteAtLeast: fte.optional(),
    fteBelow: fte.optional(),
    fundingSources: names.optional(),
    newPost: z.boolean().optional(),
    confidential: z.boolean().optional(),
  })
  .strict()
  .transform((value) => value as PolicyConditions);

const rule = z
  .object({
    rule: name,
    /** Left out: the rule holds for every post (the last rule usually has none). */
    when: conditions.default({}),
    chain: z.array(approvalStep).min(1, 'a chain needs at least one approval level'),
  })
  .strict()
  .transform((value) => ({ name: value.rule, when: value.when, chain: value.chain }));

export const approvalPolicyFile = z
  .object({
    version: z.union([name, z.number().transform(String)]),
    callIn: z
      .object({
        workingDays: workingDays(30).default(defaultApprovalTimings.callInWorkingDays),
        closingTime: timeOfDay.default(defaultApprovalTimings.callInClosingTime),
      })
      .strict()
      .prefault({}),
    rules: z.array(rule).min(1, 'a policy needs at least one rule'),
  })
  .strict()
  .transform((value): ApprovalPolicy => value);
