import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { memoryDirectoryStore } from '../../directory/memoryDirectoryStore.js';
import { StaffDirectory } from '../../directory/staffDirectory.js';
import { ApprovalPolicyFileError, readApprovalPolicyFile } from '../../policy/approvalPolicyFile.js';
import { servicePolicy, timingsUnderPolicy, unrunnableRules } from '../../policy/productPolicy.js';
import type { ProposalWorkflowSettings } from '../../schemas/proposal.js';
import type { ProposalRequest } from '../../temporal/namedPeople.js';
import { PostService } from '../../temporal/postService.js';
import { seedReport } from '../fixtures/seedReport.js';
import { exampleDirectory } from '../support/exampleDirectory.js';

const threeLevels = 'policy/examples/three-levels.yaml';

describe('the policy the service runs under', () => {
  it('is the default one as it stands: a chain the workflows carry out', async () => {
    const policy = await servicePolicy('policy/approval-policy.yaml', exampleDirectory());
    expect(unrunnableRules(policy)).toEqual([]);
  });

  it('is refused when a chain has levels the workflows do not run yet, naming the rule', async () => {
    const refusal = await servicePolicy(threeLevels, exampleDirectory()).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApprovalPolicyFileError);
    expect((refusal as ApprovalPolicyFileError).problems).toEqual([
      "rule 1, 'New posts of £60,000 a year or more': this version of the service runs a chain of one level, the post's director (a deputy standing in); chains of several levels, in parallel, or of named people are not run yet",
    ]);
  });

  it('is checked against the directory once it holds anyone, and not before', async () => {
    const file = 'policy/approval-policy.yaml';
    const noDirectors = new StaffDirectory(
      memoryDirectoryStore(
        exampleDirectory()
          .store.people()
          .filter((person) => !person.roles.includes('director')),
      ),
    );
    await expect(servicePolicy(file, noDirectors)).rejects.toThrow(
      /nobody in the staff directory has the role director/,
    );
    await expect(servicePolicy(file, new StaffDirectory(memoryDirectoryStore([])))).resolves.toMatchObject({
      version: '2026-12 default',
    });
  });
});

describe('a proposal’s timetable under the policy', () => {
  const policy = {
    version: 'short call-in',
    callIn: { workingDays: 3, closingTime: '12:00' },
    rules: [],
  };

  it('takes the call-in settings the proposal leaves out from the policy, and keeps what it gives', () => {
    expect(timingsUnderPolicy(undefined, policy)).toEqual({
      callInWorkingDays: 3,
      callInClosingTime: '12:00',
    });
    expect(timingsUnderPolicy({ callInWorkingDays: 7, callInClosingTime: undefined }, policy)).toEqual({
      callInWorkingDays: 7,
      callInClosingTime: '12:00',
    });
    expect(timingsUnderPolicy({ reminderAfterWorkingDays: 2 }, undefined)).toEqual({
      reminderAfterWorkingDays: 2,
    });
  });

  it('is what PostService starts the proposal’s workflow with: the policy’s call-in, the defaults for the rest', async () => {
    const started: { args: [ProposalWorkflowSettings] }[] = [];
    const client = {
      workflow: { start: async (_type: string, options: (typeof started)[number]) => started.push(options) },
    };
    const service = new PostService(
      client as unknown as Client,
      {
        TEMPORAL_TASK_QUEUE: 'q',
        INTERNATIONAL_RECRUITS_CAP: 20,
        INTERNATIONAL_RECRUITS_ALREADY: 13,
        PROPOSAL_MAX_POSTS: 500,
      },
      exampleDirectory(),
      undefined,
      await readApprovalPolicyFile('policy/approval-policy.yaml').then((loaded) => ({
        ...loaded,
        callIn: { workingDays: 3, closingTime: '12:00' },
      })),
    );
    const { timings: _none, ...request } = seedReport('policy-timings') as ProposalRequest;
    await service.startProposal(request);
    expect(started[0]?.args[0].approvalPolicyVersion).toBe('2026-12 default');
    expect(started[0]?.args[0].proposal.timings).toEqual({
      reminderAfterWorkingDays: 5,
      escalateAfterWorkingDays: 10,
      callInWorkingDays: 3,
      callInClosingTime: '12:00',
      maxReadverts: 2,
    });
  });
});
