/** The professional registers an appointee may have to be on; schemas build their enums from it. */
export const registrationBodies = ['social-work-england', 'hcpc'] as const;
export type RegistrationBody = (typeof registrationBodies)[number];

/**
 * The register an appointee must be on (docs/domain.md, step 7): occupational therapists with the HCPC,
 * social workers and everyone else this service recruits with Social Work England.
 */
export function registrationBodyFor(jobTitle: string): RegistrationBody {
  return /occupational therap/i.test(jobTitle) ? 'hcpc' : 'social-work-england';
}
