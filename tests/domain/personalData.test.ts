import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { personalDataIn, personalDataProblems } from '../../domain/personalData.js';

describe('personalDataIn: free text that would put personal data on the event stream', () => {
  it.each([
    ['Spoke to jane.smith@example.org about the post', 'email address'],
    ['Contact J.Smith+hr@council.gov.uk', 'email address'],
    ['Call her on 07700 900123 tomorrow', 'phone number'],
    ['Phone 0113 496 0000', 'phone number'],
    ['Tel: (0113) 4960000', 'phone number'],
    ['Ring +44 7700 900123', 'phone number'],
    ['Ring +44 (0)20 7946 0018', 'phone number'],
    ['Lives at LS1 4AP', 'postcode'],
    ['Moved to sw1a 1aa last year', 'postcode'],
    ['Office at M1 1AE', 'postcode'],
    ['NI number QQ 12 34 56 C', 'National Insurance number'],
    ['ni AB123456C', 'National Insurance number'],
    ['DOB 01/02/1990', 'date of birth'],
    ['born on 3 March 1985', 'date of birth'],
    ['Date of birth: 1985-03-03', 'date of birth'],
    ['d.o.b. 12.11.1979', 'date of birth'],
  ])('finds personal data in %j', (text, kind) => {
    expect(personalDataIn(text)).toBe(kind);
  });

  it.each([
    'Approved: grade PO3, £49,629 a year',
    'Within the 2022/23 revenue budget of £1,500,000',
    'As set out in the report of 30 June 2022, paragraph 49',
    'Decision of 1 July 2022 stands; advert opens 2022-09-01',
    'Paragraphs 13-17: the OT waiting list has reached 246 children, 180 of them out of timescale',
    'Grades SO1, PO1, PO5, PO6 and C3 2nd round',
    'Appendix A3i and A3ii; cost 4962900 pence',
    'Ten posts at 10 FTE; 0.5 FTE part-time post',
    'The M62 corridor and the A1 office',
    'Cost code 12345678, budget line 4410',
    'Born out of the 2019 review of the service',
    'Call-in by the Scrutiny Board (Children and Families) on 12/07/2022',
    'Funding moved to agency cover from 01/04/2023',
    'The 3rd advert and the 2nd shortlist',
    'Reference CSW-2022-0042',
  ])('passes %j', (text) => {
    expect(personalDataIn(text)).toBeUndefined();
  });

  it('never finds personal data in text made only of letters, spaces and ordinary punctuation', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z ,.;:'!?()-]{0,200}$/), (text) => {
        expect(personalDataIn(text)).toBeUndefined();
      }),
    );
  });

  it('always finds an email address, wherever it stands in the text', () => {
    const word = fc.stringMatching(/^[a-z]{1,12}$/);
    fc.assert(
      fc.property(
        fc.string({ maxLength: 50 }),
        word,
        word,
        fc.string({ maxLength: 50 }),
        (before, user, host, after) => {
          expect(personalDataIn(`${before} ${user}@${host}.org ${after}`)).toBe('email address');
        },
      ),
    );
  });

  it('always finds a mobile number, however it is spaced', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{9}$/), fc.constantFrom('', ' ', '-'), (rest, gap) => {
        expect(personalDataIn(`call 07${rest.slice(0, 3)}${gap}${rest.slice(3)} please`)).toBe(
          'phone number',
        );
      }),
    );
  });
});

describe('personalDataProblems: which field, in words', () => {
  it('names each free-text field that holds personal data, at any depth', () => {
    expect(
      personalDataProblems({
        reason: 'Approved, see jane@example.org',
        lines: [{ justification: 'Fine' }, { justification: 'Her postcode is LS1 4AP' }],
        title: 'jane@example.org is not a free-text field checked',
      }),
    ).toEqual([
      { field: 'reason', message: 'A reason must not contain personal data: remove the email address' },
      {
        field: 'lines.1.justification',
        message: 'A justification must not contain personal data: remove the postcode',
      },
    ]);
  });

  it('finds nothing in a command without personal data', () => {
    expect(personalDataProblems({ summary: 'No concerns from UNISON', outcome: 'no-concerns' })).toEqual([]);
  });
});
