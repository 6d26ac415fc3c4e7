import { describe, expect, it } from 'vitest';
import {
  type ApprovalPolicy,
  type PolicyConditions,
  type PolicyPost,
  postWithoutChain,
  ruleFor,
} from '../../domain/approvalPolicy.js';
import { defaultApprovalTimings } from '../../domain/postInputDefaults.js';
import { readApprovalPolicyFile } from '../../policy/approvalPolicyFile.js';

const director = {
  levels: [
    {
      name: 'Director',
      approver: { role: 'director' as const },
      reminderAfterWorkingDays: 5,
      escalateAfterWorkingDays: 10,
    },
  ],
};
const policyOf = (...conditions: PolicyConditions[]): ApprovalPolicy => ({
  version: 'test',
  callIn: { workingDays: 5, closingTime: '17:00' },
  rules: conditions.map((when, index) => ({ name: `Rule ${index + 1}`, when, chain: [director] })),
});
const socialWorker: PolicyPost = {
  serviceArea: "Children's Social Work",
  grade: 'PO3',
  annualCostPence: 4_458_100,
  fte: 1,
  fundingSource: 'Transition Plan',
  newPost: true,
  confidential: false,
};

describe('the rule a post gets', () => {
  it('is the first whose conditions all hold, names compared whatever their case and spaces', () => {
    const policy = policyOf(
      { serviceAreas: ['fostering'] },
      { serviceAreas: [" children's social work "], annualCostPenceAtLeast: 4_458_100 },
      { grades: ['PO3'] },
      {},
    );
    expect(ruleFor(policy, socialWorker)?.index).toBe(1);
    expect(ruleFor(policy, { ...socialWorker, annualCostPence: 4_458_099 })?.index).toBe(2);
    expect(ruleFor(policy, { ...socialWorker, grade: 'S2', annualCostPence: 1 })?.index).toBe(3);
  });

  it('reads annual cost and FTE bounds as from (inclusive) and below (exclusive)', () => {
    const policy = policyOf(
      { annualCostPenceAtLeast: 6_000_000, annualCostPenceBelow: 10_000_000 },
      { fteBelow: 0.5 },
      {},
    );
    expect(ruleFor(policy, { ...socialWorker, annualCostPence: 6_000_000 })?.index).toBe(0);
    expect(ruleFor(policy, { ...socialWorker, annualCostPence: 10_000_000 })?.index).toBe(2);
    expect(ruleFor(policy, { ...socialWorker, fte: 0.5 })?.index).toBe(2);
    expect(ruleFor(policy, { ...socialWorker, fte: 0.499_999 })?.index).toBe(1);
  });
});

describe('a post without a chain', () => {
  it('is found below the smallest FTE a rule starts from', () => {
    const gap = postWithoutChain(policyOf({ fteAtLeast: 0.5 }));
    expect(gap?.fte).toBe(0.000_001);
  });

  it('is found between two cost bands that do not meet, at the first one’s end', () => {
    const gap = postWithoutChain(
      policyOf({ annualCostPenceBelow: 3_000_000 }, { annualCostPenceAtLeast: 6_000_000 }),
    );
    expect(gap?.annualCostPence).toBe(3_000_000);
  });

  it('is found in a service area no rule names, and in the other half of a yes-or-no', () => {
    expect(postWithoutChain(policyOf({ serviceAreas: ['Fostering'] }))?.serviceArea).not.toBe('fostering');
    expect(postWithoutChain(policyOf({ confidential: false }))?.confidential).toBe(true);
  });

  it('is not found when the bands and the yes-or-no meet, without a rule for every post', () => {
    expect(
      postWithoutChain(
        policyOf(
          { annualCostPenceBelow: 6_000_000 },
          { annualCostPenceAtLeast: 6_000_000, newPost: true },
          { newPost: false },
        ),
      ),
    ).toBeUndefined();
  });
});

describe('the default policy', () => {
  it('is the arrangement the service started with: the director, reminded and escalated on the usual timetable', async () => {
    const policy = await readApprovalPolicyFile('policy/approval-policy.yaml');
    expect(policy.callIn).toEqual({
      workingDays: defaultApprovalTimings.callInWorkingDays,
      closingTime: defaultApprovalTimings.callInClosingTime,
    });
    for (const post of [socialWorker, { ...socialWorker, newPost: false, confidential: true, fte: 0.5 }]) {
      expect(ruleFor(policy, post)?.rule.chain).toEqual([
        {
          levels: [
            {
              name: "Director of Children's Services",
              approver: { role: 'director' },
              reminderAfterWorkingDays: defaultApprovalTimings.reminderAfterWorkingDays,
              escalateAfterWorkingDays: defaultApprovalTimings.escalateAfterWorkingDays,
              standIn: { role: 'deputy' },
            },
          ],
        },
      ]);
    }
  });
});
