import { describe, expect, it } from 'vitest';
import { registrationBodyFor } from '../../domain/professionalRegistration.js';

describe('professional registration', () => {
  it('registers occupational therapists with the HCPC', () => {
    expect(registrationBodyFor('Community Occupational therapists')).toBe('hcpc');
  });

  it('registers social workers with Social Work England', () => {
    expect(registrationBodyFor('Senior supervising social workers')).toBe('social-work-england');
  });
});
