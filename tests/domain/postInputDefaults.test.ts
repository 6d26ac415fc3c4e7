import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withPostInputDefaults, withProposalDefaults } from '../../domain/postInputDefaults.js';
import { type PostWorkflowInput, postWorkflowInput } from '../../schemas/postWorkflowInput.js';
import { proposalWorkflowInput } from '../../schemas/proposal.js';
import { seedReport } from '../fixtures/seedReport.js';
import { occupationalTherapistPost } from '../support/postFixtures.js';

/** A post's input with any of its defaulted fields left out, as older histories hold them. */
const olderPostInput = fc
  .record(
    {
      confidential: fc.boolean(),
      registrationBody: fc.constantFrom('social-work-england' as const, 'hcpc' as const),
      timings: fc.record(
        {
          reminderAfterWorkingDays: fc.integer({ min: 1, max: 60 }),
          escalateAfterWorkingDays: fc.integer({ min: 1, max: 120 }),
          callInWorkingDays: fc.integer({ min: 1, max: 30 }),
          callInClosingTime: fc.constantFrom('09:00', '12:30', '17:00', '23:59'),
          maxReadverts: fc.integer({ min: 0, max: 10 }),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .map((given): PostWorkflowInput => {
    const {
      confidential: _c,
      registrationBody: _r,
      timings: _t,
      ...base
    } = occupationalTherapistPost({
      postId: 'post-1',
    });
    return { ...base, ...given };
  });

describe('the defaults a workflow fills for histories recorded without them', () => {
  it('give a post what its input schema gives it, whichever defaults are missing', () => {
    fc.assert(
      fc.property(olderPostInput, (input) => {
        expect(withPostInputDefaults(input)).toEqual(postWorkflowInput.parse(input));
      }),
    );
  });

  it('leave a post input that the edge already parsed as it is', () => {
    const parsed = postWorkflowInput.parse(
      occupationalTherapistPost({ postId: 'post-2', confidential: true }),
    );
    expect(withPostInputDefaults(parsed)).toEqual(parsed);
  });

  it('give a proposal without timings the timetable its schema gives it', () => {
    const input = {
      proposal: seedReport('proposal-1'),
      internationalCap: { workflowId: 'cap', cap: 20, alreadyRecruited: 13 },
    };
    expect(input.proposal.timings).toBeUndefined();
    const filled = withProposalDefaults(input);
    expect(filled).toEqual(proposalWorkflowInput.parse(input));
    expect(filled.proposal.timings).toEqual({
      reminderAfterWorkingDays: 5,
      escalateAfterWorkingDays: 10,
      callInWorkingDays: 5,
      callInClosingTime: '17:00',
      maxReadverts: 2,
    });
  });
});
