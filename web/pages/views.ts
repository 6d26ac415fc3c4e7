import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import nunjucks from 'nunjucks';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { hasRole, rolesInWords, type SignedInUser } from '../auth/user.js';
import { csrfTokenFor } from '../security/csrf.js';
import type { ErrorLink } from './formReader.js';
import { checkNames } from './forms/selectionForms.js';
import { formatPence } from './money.js';

/** govuk-frontend's dist folder: its Nunjucks macros live under `govuk/`, its compiled assets too. */
export const govukFrontendDist = join(
  dirname(createRequire(import.meta.url).resolve('govuk-frontend/package.json')),
  'dist',
);
export const viewsDir = fileURLToPath(new URL('../views/', import.meta.url));

/** MOJ Frontend's package folder: its Nunjucks macros are under `moj/`, its compiled JS too. */
export const mojFrontendDir = dirname(
  createRequire(import.meta.url).resolve('@ministryofjustice/frontend/package.json'),
);

/** The service's own stylesheet and scripts (web/pages/assets). */
export const appAssetsDir = fileURLToPath(new URL('./assets/', import.meta.url));

/** Where the browser finds govuk-frontend's CSS, JS, fonts and images (the CSS asks for /assets/...). */
export const assetPath = '/assets';

/** Where the browser finds the service's own CSS and JS, and MOJ Frontend's JS under /moj. */
export const appAssetPath = '/app-assets';

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const londonDeadlineParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * An ISO instant as a deadline in the GOV.UK style, London time: "5pm on Wednesday 4 January 2023",
 * "5:30pm on …", "midday on …" (the style guide's words for times).
 */
export function londonDeadline(iso: string): string {
  const part = Object.fromEntries(
    londonDeadlineParts.formatToParts(new Date(iso)).map(({ type, value }) => [type, value]),
  );
  const hour = Number(part.hour);
  const minute = part.minute === '00' ? '' : `:${part.minute}`;
  const time =
    hour === 12 && minute === ''
      ? 'midday'
      : hour === 0 && minute === ''
        ? 'midnight'
        : `${hour % 12 === 0 ? 12 : hour % 12}${minute}${hour < 12 ? 'am' : 'pm'}`;
  return `${time} on ${part.weekday} ${part.day} ${part.month} ${part.year}`;
}

const londonDay = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/**
 * The pages' Nunjucks environment. With a staff directory, people are shown by name: `personName`
 * turns an id into a name, `personNamesIn` the ids inside a sentence ("leave cover for director.julie").
 */
export function createViews(directory?: StaffDirectory): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([govukFrontendDist, mojFrontendDir, viewsDir], {
      noCache: process.env.NODE_ENV !== 'production',
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addGlobal('assetPath', assetPath);
  env.addGlobal('appAssetPath', appAssetPath);
  const nameOf = (id: string) => directory?.nameOf(id) ?? id;
  env.addFilter('personName', (value: unknown) => (typeof value === 'string' ? nameOf(value) : ''));
  env.addFilter('personNamesIn', (value: unknown) =>
    typeof value === 'string' ? value.replace(/\b[a-z][a-z0-9]*\.[a-z][a-z0-9._-]*[a-z0-9]\b/gi, nameOf) : '',
  );
  env.addFilter('pence', (value: unknown) => (typeof value === 'number' ? formatPence(value) : ''));
  /** An ISO instant as London wall-clock time: "30 Jun 2022, 09:00". */
  env.addFilter('londonTime', (value: unknown) =>
    typeof value === 'string' && value !== '' ? londonTime.format(new Date(value)) : '',
  );
  /** An ISO instant as a deadline: "5pm on Wednesday 4 January 2023". */
  env.addFilter('deadline', (value: unknown) =>
    typeof value === 'string' && value !== '' ? londonDeadline(value) : '',
  );
  /** An ISO date as "30 June 2022". */
  env.addFilter('longDate', (value: unknown) =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? londonDay.format(new Date(`${value}T00:00:00Z`))
      : '',
  );
  /** "reserved 4458100 pence" (as the workflow records it) → "reserved £44,581". */
  env.addFilter('penceInWords', (value: unknown) =>
    typeof value === 'string'
      ? value.replace(/\b(\d+) pence\b/g, (_, digits: string) => formatPence(Number(digits)))
      : '',
  );
  env.addFilter('words', (value: unknown) => (typeof value === 'string' ? value.replaceAll('-', ' ') : ''));
  // A pre-employment check by the name HR uses on the form (Enhanced DBS with barred list).
  env.addFilter('checkName', (value: unknown) =>
    typeof value === 'string' ? (checkNames[value] ?? value) : '',
  );
  return env;
}

/** What every page's layout needs besides its own content. */
export interface PageContext {
  pageTitle: string;
  /** The error summary's lines; present when a form failed (the title then starts "Error: "). */
  errorList?: ErrorLink[];
  [key: string]: unknown;
}

/** The service navigation: what this person can start from anywhere. */
function navigationFor(user: SignedInUser | undefined, currentPath: string) {
  if (!user) return [];
  const links = [
    { href: '/', text: 'Home' },
    { href: '/posts', text: 'Posts' },
    { href: '/proposals', text: 'Proposals' },
  ];
  if (hasRole(user, 'hr')) {
    links.push({ href: '/proposals/new', text: 'Create a proposal' });
    links.push({ href: '/vacancies/new', text: 'Single vacancy' });
  }
  links.push({ href: '/api-tokens', text: 'API tokens' });
  return links.map((link) => ({ ...link, current: link.href === currentPath }));
}

export function renderPage(
  views: nunjucks.Environment,
  request: FastifyRequest,
  reply: FastifyReply,
  template: string,
  context: PageContext,
  status = 200,
): FastifyReply {
  const currentPath = request.url.split('?')[0] ?? '/';
  const html = views.render(template, {
    ...context,
    user: request.user,
    ...(request.waitingCount !== undefined ? { waitingCount: request.waitingCount } : {}),
    userRoles: request.user ? rolesInWords(request.user) : '',
    navigation: navigationFor(request.user, currentPath),
    // Every form carries the token; inline script and style carry the response's CSP nonces.
    csrfToken: csrfTokenFor(reply),
    cspNonce: reply.cspNonce?.script,
    cspStyleNonce: reply.cspNonce?.style,
  });
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
