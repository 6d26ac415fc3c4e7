import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  type ApprovalPolicy,
  approverRoles,
  type PolicyPost,
  postWithoutChain,
  ruleFor,
  ruleHolds,
} from '../../domain/approvalPolicy.js';
import { ApprovalPolicyFileError, parseApprovalPolicy } from '../../policy/approvalPolicyFile.js';

/**
 * Policies as a council would write them (few names and bounds, so that rules overlap and leave
 * gaps), and posts drawn from the same names and around the same bounds.
 */
const areas = ["Children's Social Work", 'Fostering', 'Early Help'];
const grades = ['PO1', 'PO3', 'S2'];
const sources = ['Transition Plan', 'Grant'];
const costs = [0, 3_000_000, 4_458_100, 6_000_000, 10_000_000];
const ftes = [0.5, 0.6, 1];

const someOf = <T>(values: T[]) => fc.subarray(values, { minLength: 1 });
const when = fc.record(
  {
    serviceAreas: someOf(areas),
    grades: someOf(grades),
    annualCostPenceAtLeast: fc.constantFrom(...costs),
    annualCostPenceBelow: fc.constantFrom(...costs.filter((cost) => cost > 0)),
    fteAtLeast: fc.constantFrom(...ftes),
    fteBelow: fc.constantFrom(...ftes),
    fundingSources: someOf(sources),
    newPost: fc.boolean(),
    confidential: fc.boolean(),
  },
  { requiredKeys: [] },
);
const level = fc.record({
  level: fc.constantFrom('Head of service', 'Director', 'Finance'),
  role: fc.constantFrom(...approverRoles),
  reminderAfterWorkingDays: fc.integer({ min: 1, max: 5 }),
  escalateAfterWorkingDays: fc.integer({ min: 6, max: 10 }),
});
const step = fc.oneof(level, fc.record({ together: fc.array(level, { minLength: 2, maxLength: 3 }) }));
/** The file a council writes: each rule with its conditions, a last rule without any half the time. */
const policyFile = fc
  .tuple(
    fc.array(fc.record({ when, chain: fc.array(step, { minLength: 1, maxLength: 3 }) }), {
      minLength: 1,
      maxLength: 4,
    }),
    fc.boolean(),
  )
  .map(([rules, catchAll]) => ({
    version: 'generated',
    rules: [
      ...rules.map((rule, index) => ({ rule: `Rule ${index + 1}`, ...rule })),
      ...(catchAll ? [{ rule: 'Every other post', chain: [{ level: 'Director', role: 'director' }] }] : []),
    ],
  }));

const post: fc.Arbitrary<PolicyPost> = fc.record({
  serviceArea: fc.constantFrom(...areas, 'Adoption', 'fostering '),
  grade: fc.constantFrom(...grades, 'S1'),
  annualCostPence: fc.oneof(
    fc.constantFrom(...costs.flatMap((cost) => [cost, Math.max(0, cost - 1), cost + 1])),
    fc.integer({ min: 0, max: 20_000_000 }),
  ),
  fte: fc.constantFrom(...ftes, 0.599_999, 0.4, 0.75),
  fundingSource: fc.constantFrom(...sources, 'existing establishment'),
  newPost: fc.boolean(),
  confidential: fc.boolean(),
});

/** The policy a file gives, or the refusal. */
function load(file: object): ApprovalPolicy | ApprovalPolicyFileError {
  try {
    return parseApprovalPolicy(stringify(file), 'generated.yaml');
  } catch (error) {
    if (error instanceof ApprovalPolicyFileError) return error;
    throw error;
  }
}

describe('an approval policy', () => {
  it('once accepted, gives every post exactly one chain: the first rule that holds for it', () => {
    fc.assert(
      fc.property(policyFile, fc.array(post, { minLength: 20, maxLength: 20 }), (file, posts) => {
        const policy = load(file);
        fc.pre(!(policy instanceof ApprovalPolicyFileError));
        for (const one of posts) {
          const found = ruleFor(policy, one);
          expect(found).toBeDefined();
          const index = found?.index ?? -1;
          expect(ruleHolds(policy.rules[index]?.when ?? {}, one)).toBe(true);
          expect(policy.rules.slice(0, index).some((rule) => ruleHolds(rule.when, one))).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('has no chain without an approver: every step has levels, every level a role or a person', () => {
    fc.assert(
      fc.property(policyFile, (file) => {
        const policy = load(file);
        fc.pre(!(policy instanceof ApprovalPolicyFileError));
        for (const rule of policy.rules) {
          expect(rule.chain.length).toBeGreaterThan(0);
          for (const { levels } of rule.chain) {
            expect(levels.length).toBeGreaterThan(0);
            for (const { approver } of levels) expect('role' in approver || 'person' in approver).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is refused at load when it leaves a post without a chain, and the post it names has none', () => {
    let refused = 0;
    fc.assert(
      fc.property(policyFile, post, (file, one) => {
        const policy = load(file);
        const gap = postWithoutChain(parseWithoutCoverage(file));
        if (gap) {
          refused += 1;
          expect(policy).toBeInstanceOf(ApprovalPolicyFileError);
          expect((policy as ApprovalPolicyFileError).problems.join('\n')).toMatch(
            /no rule holds for a post with/,
          );
          expect(parseWithoutCoverage(file).rules.some((rule) => ruleHolds(rule.when, gap))).toBe(false);
        } else {
          // No gap found: then no post, however drawn, goes without a chain.
          expect(policy).not.toBeInstanceOf(ApprovalPolicyFileError);
          expect(ruleFor(policy as ApprovalPolicy, one)).toBeDefined();
        }
      }),
      { numRuns: 150 },
    );
    // The generator must make gaps often enough for this to mean something.
    expect(refused).toBeGreaterThan(20);
  });

  it('refuses a level with neither a role nor a person', () => {
    const refused = load({ version: 1, rules: [{ rule: 'Every post', chain: [{ level: 'Director' }] }] });
    expect(refused).toBeInstanceOf(ApprovalPolicyFileError);
    expect((refused as ApprovalPolicyFileError).problems).toEqual([
      'line 5, rules[0].chain[0]: give the level either a role or a person (one of them)',
    ]);
  });
});

/** The policy with its fields checked but not its coverage: for asking postWithoutChain directly. */
function parseWithoutCoverage(file: ReturnType<typeof JSON.parse>): ApprovalPolicy {
  const withCatchAll = {
    ...file,
    rules: [...file.rules, { rule: 'probe', chain: [{ level: 'x', role: 'director' }] }],
  };
  const policy = parseApprovalPolicy(stringify(withCatchAll), 'probe.yaml');
  return { ...policy, rules: policy.rules.slice(0, -1) };
}
