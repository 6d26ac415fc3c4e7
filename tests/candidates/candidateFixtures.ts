import type { CandidateDetails } from '../../candidates/candidateDetails.js';

/** A candidate with personal data distinctive enough to search for in any bytes. */
export function distinctiveCandidate(tag = ''): CandidateDetails {
  return {
    name: `Zephyrine Quillfeather-Oduya${tag}`,
    email: `zephyrine.quillfeather${tag.toLowerCase()}@example.org`,
    dateOfBirth: '1987-03-14',
    phone: '07700 900461',
    rightToWorkNotes: 'Share code W7X-3KQ-9PL checked against the Home Office service',
  };
}

/** The strings that must never appear outside the register. */
export function personalStrings(details: CandidateDetails): string[] {
  return [details.name, details.email, details.dateOfBirth];
}
