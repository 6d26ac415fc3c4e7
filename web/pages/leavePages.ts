import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import { planLeaveCover } from '../../directory/leaveCover.js';
import { londonDateOf } from '../../domain/workingDays.js';
import type { PostService } from '../../temporal/postService.js';
import { hasRole, type SignedInUser } from '../auth/user.js';
import { type ErrorLink, FormReader, formBodyOf } from './formReader.js';
import { messagePage } from './messagePage.js';
import { renderPage } from './views.js';

const fieldOrder = ['deputyId', 'from', 'to', 'serviceArea', 'reason'];
const fieldIds: Record<string, string> = { from: 'from-day', to: 'to-day' };

function onlyDirectors(views: nunjucks.Environment, request: FastifyRequest, reply: FastifyReply): boolean {
  if (hasRole(request.user, 'director')) return true;
  request.commandRefusal = 'only a director arranges cover for their decisions';
  messagePage(
    views,
    request,
    reply,
    403,
    'You cannot arrange leave cover',
    'Only directors hand their decisions to a deputy.',
  );
  return false;
}

/**
 * A director's leave cover: all their decisions, or one service area's, handed to a deputy for a
 * range of dates. Kept in the staff directory with who, when and why; each decision under it records
 * it as the authority; it starts and ends by itself, and the director can cancel it.
 */
export function leavePages(app: FastifyInstance, views: nunjucks.Environment, posts: PostService): void {
  const { directory } = posts;
  const page = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: Record<string, string | string[]>; errors: Record<string, string> },
    errorList: ErrorLink[] = [],
    status = 200,
    successMessage?: string,
  ) => {
    const user = request.user as SignedInUser;
    const today = londonDateOf(Date.now());
    const director = directory.person(user.id);
    return renderPage(
      views,
      request,
      reply,
      'leave.njk',
      {
        pageTitle: 'Cover for your leave',
        errorList,
        ...(successMessage ? { successMessage } : {}),
        form: { idPrefix: '', ...form },
        cover: directory.currentAndComing(today).filter((leave) => leave.directorId === user.id),
        deputies: directory.withRole('deputy').map((person) => ({
          value: person.id,
          text: `${person.name} (${person.id})`,
        })),
        areas: (director?.directorOf ?? []).filter((area) => area !== '*'),
      },
      status,
    );
  };
  const cover = {
    config: { command: { channel: 'form', target: 'leave', command: 'arrange-leave-cover' } },
  } as const;

  app.get<{ Querystring: { done?: string } }>('/leave', async (request, reply) => {
    if (!onlyDirectors(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const deputy = directory.deputyOf(user.id);
    const done = { arranged: 'Your leave cover is arranged.', cancelled: 'The leave cover is cancelled.' };
    const message = done[request.query.done as keyof typeof done];
    return page(
      request,
      reply,
      { values: deputy ? { deputyId: deputy.id } : {}, errors: {} },
      [],
      200,
      message,
    );
  });

  app.post('/leave', cover, async (request, reply) => {
    if (!onlyDirectors(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const reader = new FormReader(formBodyOf(request.body));
    const deputyId = reader.text('deputyId');
    if (deputyId === '') reader.fail('deputyId', 'Select the deputy director who covers your decisions');
    const from = reader.date('from', 'the first day of your leave');
    const to = reader.date('to', 'the last day of your leave');
    const serviceArea = reader.optionalText('serviceArea');
    const reason = reader.text('reason');
    if (reason === '') reader.fail('reason', 'Enter why, for example annual leave');
    if (!reader.hasErrors && from && to) {
      const planned = planLeaveCover(
        directory,
        { deputyId, from, to, reason, ...(serviceArea && serviceArea !== 'all' ? { serviceArea } : {}) },
        user.id,
        londonDateOf(Date.now()),
      );
      for (const problem of planned.problems) {
        reader.fail(problem.field, problem.message.charAt(0).toUpperCase() + problem.message.slice(1));
      }
      if (planned.delegation) {
        await directory.store.addLeaveDelegation(planned.delegation);
        request.log.info({ leaveDelegation: planned.delegation.id }, 'leave cover arranged');
        return reply.redirect('/leave?done=arranged', 303);
      }
    }
    request.commandRefusal = Object.values(reader.errors).join('; ');
    const errorList = fieldOrder
      .filter((field) => reader.errors[field])
      .map((field) => ({ text: reader.errors[field] as string, href: `#${fieldIds[field] ?? field}` }));
    return page(request, reply, { values: reader.values, errors: reader.errors }, errorList, 400);
  });

  app.post<{ Params: { id: string } }>('/leave/:id/cancel', cover, async (request, reply) => {
    if (!onlyDirectors(views, request, reply)) return reply;
    const user = request.user as SignedInUser;
    const mine = directory.store
      .leaveDelegations()
      .find((d) => d.id === request.params.id && d.directorId === user.id);
    if (!mine)
      return messagePage(
        views,
        request,
        reply,
        404,
        'Leave cover not found',
        'There is no such leave cover of yours.',
      );
    await directory.store.cancelLeaveDelegation(mine.id, user.id, new Date().toISOString());
    return reply.redirect('/leave?done=cancelled', 303);
  });
}
