import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.js';

/** `policy check` and `policy chain` read files only: no service, no sign-in. */
async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    env: {},
    connect: async () => {
      throw new Error('the policy commands must not connect to the service');
    },
  });
  return { code, out, err };
}

async function policyFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'policy-')), 'policy.yaml');
  await writeFile(file, text);
  return file;
}

describe('policy check', () => {
  it('accepts the default policy: the director decides every post, a deputy stands in', async () => {
    const { code, out } = await cli([
      'policy',
      'check',
      'policy/approval-policy.yaml',
      '--directory',
      'examples/directory.csv',
    ]);
    expect(code).toBe(0);
    expect(out).toEqual([
      'policy/approval-policy.yaml: version 2026-12 default, 1 rule; call-in: 5 working days, until 17:00 (London) on the last',
      'Rule 1, Every post:',
      "  1. Director of Children's Services: anyone with the role director (reminded after 5 working days, escalated after 10; stand-in: anyone with the role deputy)",
      'Every post gets exactly one chain.',
    ]);
  });

  it('names the line and the field of every problem, and accepts nothing', async () => {
    const file = await policyFile(
      [
        'version: 3',
        'callIn:',
        '  closingTime: "5pm"',
        'rules:',
        '  - rule: New posts',
        '    when:',
        '      newPost: true',
        '      colour: red',
        '    chain:',
        '      - level: Head of service',
        '        role: head-of-service',
        '      - together:',
        '          - level: Finance',
        '            role: finance',
        '            reminderAfterWorkingDays: 5',
        '            escalateAfterWorkingDays: 3',
        '          - level: Executive Member',
        '            person: cllr.venner',
        '            role: executive-member',
        '  - rule: Everything else',
        '    chain: []',
      ].join('\n'),
    );
    const { code, err } = await cli(['policy', 'check', file]);
    expect(code).toBe(2);
    expect(err.map((line) => line.replace(`${file}: `, ''))).toEqual([
      'line 3, callIn.closingTime: expected a time of day such as 17:00 (24-hour clock)',
      'line 8, rules[0].when.colour: is not a field here',
      'line 11, rules[0].chain[0].role: expected one of director, deputy, finance, executive-member',
      'line 16, rules[0].chain[1].together[0].escalateAfterWorkingDays: escalateAfterWorkingDays must be more than reminderAfterWorkingDays (the reminder comes first)',
      'line 17, rules[0].chain[1].together[1]: give the level either a role or a person (one of them)',
      'line 21, rules[1].chain: a chain needs at least one approval level',
      'The policy was not accepted.',
    ]);
  });

  it('refuses a policy under which some post gets no chain, and says which post', async () => {
    const file = await policyFile(
      [
        'version: gap',
        'rules:',
        '  - rule: Social work',
        '    when: { serviceAreas: ["Children\'s Social Work"] }',
        '    chain: [{ level: Director, role: director }]',
        '  - rule: Small posts',
        '    when: { annualCostPenceBelow: 5000000 }',
        '    chain: [{ level: Director, role: director }]',
      ].join('\n'),
    );
    const { code, err } = await cli(['policy', 'check', file]);
    expect(code).toBe(2);
    expect(err[0]).toBe(
      `${file}: line 3, rules: no rule holds for a post with service area not named by any rule, grade not named by any rule, full-time annual cost £50,000 (5000000 pence), FTE 1, funding source not named by any rule, a new post, confidential: every post needs a chain, so end with a rule without "when", which holds for every post`,
    );
  });

  it('checks the people it names against the staff directory', async () => {
    const file = await policyFile(
      [
        'version: people',
        'rules:',
        '  - rule: Every post',
        '    chain:',
        '      - { level: Head of service, person: nobody.here }',
        '      - { level: HR, person: hr.sam }',
      ].join('\n'),
    );
    const { code, err } = await cli(['policy', 'check', file, '--directory', 'examples/directory.csv']);
    expect(code).toBe(2);
    expect(err.slice(0, 2)).toEqual([
      `${file}: line 3, rule 'Every post', level 'Head of service': nobody.here is not in the staff directory`,
      `${file}: line 3, rule 'Every post', level 'HR': hr.sam (Sam Okafor) holds no approver's role (director, deputy, finance, executive-member)`,
    ]);
  });
});

describe('policy chain', () => {
  const post = [
    '--service-area',
    "Children's Social Work",
    '--grade',
    'PO3',
    '--directory',
    'examples/directory.csv',
  ];

  it('gives a new post of £60,000 or more the three-level chain, the last level in parallel, by name', async () => {
    const { code, out } = await cli([
      'policy',
      'chain',
      'policy/examples/three-levels.yaml',
      ...post,
      '--annual-cost',
      '65,000',
    ]);
    expect(code).toBe(0);
    expect(out[0]).toBe(
      "A new PO3 post in Children's Social Work at £65,000 a year (FTE 1) gets rule 1 of version 2027-04 three levels, New posts of £60,000 a year or more:",
    );
    expect(out.slice(1).map((line) => line.replace(/ \(reminded.*$/, ''))).toEqual([
      '  1. Head of service: deputy: Farrah Khan (deputy.farrah)',
      "  2. Director of Children's Services: director: Julie Longworth (director.julie)",
      '  3. together, all of:',
      '     - Finance business partner: finance: Chief Officer Financial Services (finance.officer)',
      '     - Executive Member for Children and Families: executive-member: Cllr Venner (cllr.venner)',
    ]);
  });

  it('gives a replacement, and a post under £60,000, the director alone', async () => {
    for (const args of [
      ['--annual-cost', '65,000', '--replacement'],
      ['--annual-cost', '59,999.99'],
    ]) {
      const { code, out } = await cli([
        'policy',
        'chain',
        'policy/examples/three-levels.yaml',
        ...post,
        ...args,
      ]);
      expect(code).toBe(0);
      expect(out[0]).toMatch(/gets rule 2 of version 2027-04 three levels, Every other post:$/);
      expect(out).toHaveLength(2);
    }
  });

  it('refuses an annual cost that is not pounds, naming the option', async () => {
    const { code, err } = await cli([
      'policy',
      'chain',
      'policy/approval-policy.yaml',
      ...post,
      '--annual-cost',
      'lots',
    ]);
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(
      "option '--annual-cost <pounds>' argument 'lots' is invalid. expected pounds such as 44,581",
    );
  });
});
