/**
 * The register an appointee must be on (DOMAIN.md step 7): occupational therapists with the HCPC,
 * social workers and everyone else this service recruits with Social Work England.
 */
export function registrationBodyFor(jobTitle: string): 'social-work-england' | 'hcpc' {
  return /occupational therap/i.test(jobTitle) ? 'hcpc' : 'social-work-england';
}
