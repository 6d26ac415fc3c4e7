import {
  holdCommand,
  publishAdvertCommand,
  recordApplicationsCommand,
  startRouteCommand,
} from '../../../schemas/postCommands.js';
import { type CommandFormSpec, item } from '../commandForms.js';
import { dateInputValues } from '../formReader.js';

export const publishAdvertForm: CommandFormSpec = {
  type: 'publish-advert',
  family: 'recruitment',
  title: 'Publish an advert',
  success: 'The advert is recorded.',
  fields: ['channels', 'opensOn', 'closesOn', 'ringFence'],
  dateFields: ['opensOn', 'closesOn'],
  schema: publishAdvertCommand,
  read: (reader) => ({
    channels: reader.list('channels'),
    opensOn: reader.date('opensOn'),
    closesOn: reader.date('closesOn'),
    ringFence: reader.optionalText('ringFence'),
  }),
  defaults: ({ today }) => ({ ...dateInputValues('opensOn', today), ringFence: 'external' }),
  options: ({ view }) => ({
    readvert: view.adverts.count > 0,
    channels: [
      item('council-jobs-page', 'Council jobs page'),
      item('paid-social-media', 'Paid social media'),
      item('professional-boards', 'Professional boards'),
    ],
    ringFences: [
      item('external', 'External: anyone may apply'),
      item('internal', 'Internal ring-fence: current staff only'),
    ],
  }),
};

export const recordApplicationsForm: CommandFormSpec = {
  type: 'record-applications',
  family: 'recruitment',
  title: 'Record applications',
  success: 'The applications are recorded.',
  fields: ['received', 'suitable'],
  schema: recordApplicationsCommand,
  read: (reader) => ({
    received: reader.integer('received'),
    suitable: reader.integer('suitable'),
  }),
};

export const holdForm: CommandFormSpec = {
  type: 'hold',
  family: 'recruitment',
  title: 'Hold the post',
  success: 'The post is held.',
  fields: ['reason'],
  schema: holdCommand,
  read: (reader) => ({ reason: reader.text('reason') }),
};

const routeNames: Record<string, [string, string]> = {
  standard: ['Standard', 'Shortlist, interview, offer and pre-employment checks'],
  internal: ['Internal appointment', 'An existing employee: their old post is backfilled'],
  international: ['International', 'As standard, plus sponsorship, visa and overseas registration'],
  apprenticeship: ['Social work degree apprenticeship', 'A member of staff joins the apprenticeship'],
  'step-up': ['Step Up to Social Work', 'A trainee joins a Step Up cohort'],
};

export const startRouteForm: CommandFormSpec = {
  type: 'start-route',
  family: 'recruitment',
  title: 'Start the recruitment route',
  success: 'The recruitment route has started.',
  fields: ['route', 'reason'],
  schema: startRouteCommand,
  read: (reader) => ({ route: reader.optionalText('route'), reason: reader.text('reason') }),
  options: (context) => ({
    routes: context.routes.map((route) => {
      const [text, hint] = routeNames[route] ?? [route, ''];
      return item(route, text, hint);
    }),
  }),
};
