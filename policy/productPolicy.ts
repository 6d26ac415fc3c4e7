import type { StaffDirectory } from '../directory/staffDirectory.js';
import type { ApprovalPolicy } from '../domain/approvalPolicy.js';
import type { ApprovalTimingsGiven } from '../schemas/proposal.js';
import { ApprovalPolicyFileError, readApprovalPolicyFile } from './approvalPolicyFile.js';

/**
 * What of an approval policy the workflows carry out today: the call-in settings, and a chain of one
 * level decided by the post's director (the deputy standing in once it is escalated). Longer chains
 * are checked and printed by `policy check` and `policy chain`; until the workflows run them, the
 * service refuses to start under such a policy rather than run it otherwise than written.
 */
export function unrunnableRules(policy: ApprovalPolicy): string[] {
  return policy.rules.flatMap((rule, index) => {
    const [step, ...more] = rule.chain;
    const [level, ...parallel] = step?.levels ?? [];
    const standIn = level?.standIn;
    const runnable =
      more.length === 0 &&
      parallel.length === 0 &&
      level !== undefined &&
      'role' in level.approver &&
      level.approver.role === 'director' &&
      (standIn === undefined || ('role' in standIn && standIn.role === 'deputy'));
    return runnable
      ? []
      : [
          `rule ${index + 1}, '${rule.name}': this version of the service runs a chain of one level, the post's director (a deputy standing in); chains of several levels, in parallel, or of named people are not run yet`,
        ];
  });
}

/**
 * A proposal's approval timetable with what it leaves out taken from the policy: the call-in period's
 * working days and closing time. What the proposal gives (tests and pilots shorten periods) stands.
 */
export function timingsUnderPolicy(
  given: ApprovalTimingsGiven | undefined,
  policy: ApprovalPolicy | undefined,
): ApprovalTimingsGiven | undefined {
  if (!policy) return given;
  // A field sent as undefined is one left out: it must not hide the policy's value.
  const stated = Object.fromEntries(Object.entries(given ?? {}).filter(([, value]) => value !== undefined));
  return {
    callInWorkingDays: policy.callIn.workingDays,
    callInClosingTime: policy.callIn.closingTime,
    ...stated,
  };
}

/**
 * The policy the service runs under: read whole, checked against the staff directory (when it holds
 * anyone yet: a new installation imports its directory after it is set up), and refused, with every
 * problem, when the workflows could not carry it out as written.
 */
export async function servicePolicy(file: string, directory: StaffDirectory): Promise<ApprovalPolicy> {
  const checkPeople = directory.store.people().length > 0 ? directory : undefined;
  const policy = await readApprovalPolicyFile(file, checkPeople);
  const unrunnable = unrunnableRules(policy);
  if (unrunnable.length > 0) throw new ApprovalPolicyFileError(file, unrunnable);
  return policy;
}
