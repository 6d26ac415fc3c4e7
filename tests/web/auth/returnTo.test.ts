import { describe, expect, it } from 'vitest';
import { safeReturnTo, signInPathFor } from '../../../web/auth/returnTo.js';

describe('where a person returns to after signing in', () => {
  it('keeps a page of this service, with its query', () => {
    expect(safeReturnTo('/posts/seed.L1.P1')).toBe('/posts/seed.L1.P1');
    expect(safeReturnTo('/dashboard?view=grades#vacancies')).toBe('/dashboard?view=grades#vacancies');
    expect(safeReturnTo('/')).toBe('/');
  });

  it('sends anything absolute, off-site or odd to the home page', () => {
    for (const value of [
      'https://evil.example/',
      'http://127.0.0.1:3000/posts',
      '//evil.example/posts',
      '/\\evil.example',
      '\\\\evil.example',
      '/%0d%0aSet-Cookie:x',
      '/posts\r\nLocation: https://evil.example',
      'javascript:alert(1)',
      'posts/relative',
      ' /posts',
      '/\t/evil.example',
      '',
      `/${'a'.repeat(1200)}`,
      undefined,
      ['/posts'],
    ]) {
      const result = safeReturnTo(value);
      expect(result.startsWith('/') && !result.startsWith('//'), String(value)).toBe(true);
      if (typeof value !== 'string' || !value.startsWith('/%0d')) expect(result, String(value)).toBe('/');
    }
  });

  it('never returns to signing in or out', () => {
    expect(safeReturnTo('/sign-in')).toBe('/');
    expect(safeReturnTo('/sign-in/callback?code=x')).toBe('/');
    expect(safeReturnTo('/signed-out')).toBe('/');
    expect(safeReturnTo('/sign-ins-report')).toBe('/sign-ins-report');
  });

  it('makes the sign-in page’s address for a page asked for', () => {
    expect(signInPathFor('/posts/p1?tab=a')).toBe('/sign-in?returnTo=%2Fposts%2Fp1%3Ftab%3Da');
    expect(signInPathFor('/', 'idle')).toBe('/sign-in?ended=idle');
    expect(signInPathFor('https://evil.example')).toBe('/sign-in');
  });
});
