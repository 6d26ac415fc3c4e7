import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { personFromIdentity } from '../../../web/auth/directoryFromClaims.js';
import { identityFromClaims, userIdFromClaim } from '../../../web/auth/identityFromClaims.js';
import { examplePeople } from '../../support/exampleDirectory.js';

const groups = {
  directors: '0b7e2a4c-0000-4000-8000-000000000001',
  hr: '0b7e2a4c-0000-4000-8000-000000000002',
  deputies: '0b7e2a4c-0000-4000-8000-000000000003',
  earlyHelp: '0b7e2a4c-0000-4000-8000-000000000004',
  canteen: '0b7e2a4c-0000-4000-8000-00000000ffff',
};

/** A configuration as an operator writes it for Microsoft Entra ID groups. */
const mapping = loadConfig({
  OIDC_ROLE_MAP: JSON.stringify({
    [groups.directors]: 'director',
    [groups.hr]: ['hr', 'viewer'],
    [groups.deputies]: 'deputy',
    'Posts.Finance': 'finance',
  }),
  OIDC_SERVICE_AREA_MAP: JSON.stringify({ [groups.earlyHelp]: 'Early Help', [groups.directors]: '*' }),
});

const julie = {
  sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
  preferred_username: 'Julie.Longworth@council.example',
  name: 'Julie Longworth',
  email: 'julie.longworth@council.example',
};

describe('roles from the token’s claims, by the role map', () => {
  it('gives a person in several groups every role they map to, in the product’s order', () => {
    const verdict = identityFromClaims({ ...julie, groups: [groups.hr, groups.directors] }, mapping);
    expect(verdict).toMatchObject({ ok: true, identity: { roles: ['hr', 'director', 'viewer'] } });
  });

  it('ignores groups the map does not name', () => {
    const verdict = identityFromClaims({ ...julie, groups: [groups.canteen, groups.deputies] }, mapping);
    expect(verdict).toMatchObject({ ok: true, identity: { roles: ['deputy'] } });
  });

  it('refuses a person whose claims map to no role at all', () => {
    expect(identityFromClaims({ ...julie, groups: [groups.canteen] }, mapping)).toEqual({
      ok: false,
      refusal: 'no-role',
    });
    expect(identityFromClaims({ ...julie }, mapping)).toEqual({ ok: false, refusal: 'no-role' });
  });

  it('takes role names from the role claim, and maps app-role values there too', () => {
    const verdict = identityFromClaims({ ...julie, roles: ['union', 'Posts.Finance', 'admin'] }, mapping);
    expect(verdict).toMatchObject({ ok: true, identity: { roles: ['union', 'finance'] } });
  });

  it('never gives the workflow’s own system role', () => {
    const verdict = identityFromClaims({ ...julie, roles: ['system'] }, mapping);
    expect(verdict).toEqual({ ok: false, refusal: 'no-role' });
    expect(() => loadConfig({ OIDC_ROLE_MAP: '{"g": "system"}' })).toThrow(/OIDC_ROLE_MAP/);
  });

  it('reads a single group given as a string, and a group claim under another name', () => {
    const renamed = loadConfig({ OIDC_GROUPS_CLAIM: 'wids', OIDC_ROLE_MAP: '{"x": "viewer"}' });
    expect(identityFromClaims({ ...julie, wids: 'x' }, renamed)).toMatchObject({
      ok: true,
      identity: { roles: ['viewer'] },
    });
  });
});

describe('who the person is', () => {
  it('takes the user id from preferred_username, lower-cased, without the mail domain', () => {
    const verdict = identityFromClaims({ ...julie, groups: [groups.directors] }, mapping);
    expect(verdict).toMatchObject({
      ok: true,
      identity: { id: 'julie.longworth', name: 'Julie Longworth', email: 'julie.longworth@council.example' },
    });
    expect(userIdFromClaim('SAM.OKAFOR')).toBe('sam.okafor');
    expect(userIdFromClaim('sam okafor@council.example')).toBeUndefined();
    expect(userIdFromClaim('../root@council.example')).toBeUndefined();
    expect(userIdFromClaim(42)).toBeUndefined();
  });

  it('refuses claims without a usable user id', () => {
    const { preferred_username: _, ...withoutId } = julie;
    expect(identityFromClaims({ ...withoutId, groups: [groups.hr] }, mapping)).toEqual({
      ok: false,
      refusal: 'no-user-id',
    });
  });

  it('uses another claim for the user id when configured', () => {
    const byUpn = loadConfig({ OIDC_USER_ID_CLAIM: 'upn', OIDC_ROLE_MAP: '{"g": "viewer"}' });
    expect(identityFromClaims({ upn: 'Pat.Reid@council.example', groups: ['g'] }, byUpn)).toMatchObject({
      ok: true,
      identity: { id: 'pat.reid', name: 'pat.reid', email: 'Pat.Reid@council.example' },
    });
  });

  it('takes service areas from mapped groups, and leaves them to the directory when nothing maps them', () => {
    expect(
      identityFromClaims({ ...julie, groups: [groups.deputies, groups.earlyHelp] }, mapping),
    ).toMatchObject({ ok: true, identity: { serviceAreas: ['Early Help'] } });
    const unmapped = loadConfig({ OIDC_ROLE_MAP: '{"g": "viewer"}' });
    const verdict = identityFromClaims({ ...julie, groups: ['g'] }, unmapped);
    expect(verdict.ok && verdict.identity.serviceAreas).toBeUndefined();
    const byClaim = loadConfig({ OIDC_ROLE_MAP: '{"g": "viewer"}', OIDC_SERVICE_AREA_CLAIM: 'department' });
    expect(identityFromClaims({ ...julie, groups: ['g'], department: 'Fostering' }, byClaim)).toMatchObject({
      ok: true,
      identity: { serviceAreas: ['Fostering'] },
    });
  });
});

describe('the directory entry written at sign-in', () => {
  const existing = examplePeople().find((person) => person.id === 'deputy.farrah');

  it('takes name, email, roles and service areas from the token and keeps what only the directory knows', () => {
    if (!existing) throw new Error('no deputy.farrah in the example directory');
    const verdict = personFromIdentity(
      {
        id: 'deputy.farrah',
        name: 'Farrah Khan-Ali',
        email: 'farrah.khan-ali@council.example',
        roles: ['deputy', 'viewer'],
        serviceAreas: ['Early Help'],
      },
      { ...existing, notifications: 'daily-digest' },
    );
    expect(verdict).toEqual({
      ok: true,
      person: {
        ...existing,
        name: 'Farrah Khan-Ali',
        email: 'farrah.khan-ali@council.example',
        roles: ['deputy', 'viewer'],
        serviceAreas: ['Early Help'],
        deputisesFor: ['director.julie'],
        notifications: 'daily-digest',
      },
    });
  });

  it('adds a new person, and keeps out one the directory marks as no longer using the service', () => {
    const identity = {
      id: 'new.starter',
      name: 'New Starter',
      email: 'new@council.example',
      roles: ['hr' as const],
    };
    expect(personFromIdentity(identity, undefined)).toMatchObject({
      ok: true,
      person: { id: 'new.starter', serviceAreas: ['*'], directorOf: [], deputisesFor: [], active: true },
    });
    if (!existing) throw new Error('no deputy.farrah');
    expect(personFromIdentity({ ...identity, id: existing.id }, { ...existing, active: false })).toEqual({
      ok: false,
      refusal: 'inactive',
    });
    const { email: _, ...noEmail } = identity;
    expect(personFromIdentity(noEmail, undefined)).toEqual({ ok: false, refusal: 'no-email' });
  });
});
