import { describe, expect, it } from 'vitest';
import { commandFailure } from '../../contract/failureTypes.js';
import { refusalReasonOf } from '../../temporal/failureRefusals.js';

describe('the refusal a command failure becomes', () => {
  it('maps every failure type in the catalogue by its name', () => {
    expect(
      Object.fromEntries(Object.values(commandFailure).map((type) => [type, refusalReasonOf(type)])),
    ).toEqual({
      Forbidden: 'forbidden',
      Conflict: 'conflict',
      Busy: 'busy',
      InvalidCommand: 'invalid',
      InternationalCapReached: 'conflict',
    });
  });

  it('reads the SDK’s rejection of an Update the workflow has no handler for as no such post', () => {
    expect(refusalReasonOf('Error')).toBe('not-found');
  });

  it('treats a type it does not know, or none, as a conflict, and never looks up inherited names', () => {
    expect(refusalReasonOf('SomethingNew')).toBe('conflict');
    expect(refusalReasonOf(undefined)).toBe('conflict');
    expect(refusalReasonOf(null)).toBe('conflict');
    expect(refusalReasonOf('toString')).toBe('conflict');
  });
});
