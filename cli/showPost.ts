import type { PostView } from '../contract/postView.js';
import type { CliService } from './apiService.js';
import { formatFields, formatFte, formatInstant, formatTable } from './format.js';
import { formatPounds } from './pounds.js';

function budgetOf(view: PostView): string {
  const { reservedPence, shortfallPence } = view.budget;
  const reserved = `reserved ${formatPounds(reservedPence)}`;
  return shortfallPence === undefined ? reserved : `${reserved}, short by ${formatPounds(shortfallPence)}`;
}

/** The lines `show` prints: what the post is, where it stands, and who decided what, when and why. */
export function postLines(view: PostView): string[] {
  const { details } = view;
  const fields: [string, string][] = [
    ['job', `${details.jobTitle}, grade ${details.grade}, ${details.serviceArea}`],
    ['cost', `${formatPounds(details.annualCostPence)} a year for ${formatFte(details.fte)} FTE`],
    ['budget', budgetOf(view)],
    ['stage', view.stage],
    ['waiting for', view.waitingFor],
  ];
  if (details.jobDescriptionRef) fields.splice(1, 0, ['job description', details.jobDescriptionRef]);
  if (view.overdue) fields.push(['overdue', view.escalated ? 'yes, escalated to the deputy' : 'yes']);
  for (const [party, response] of Object.entries(view.consultation)) {
    fields.push([`consultation (${party})`, `${response.outcome}: ${response.summary}`]);
  }
  if (view.callIn)
    fields.push([
      'call-in',
      `until ${view.callIn.endsOn}${view.callIn.calledInBy ? `, called in by ${view.callIn.calledInBy}` : ''}`,
    ]);
  if (view.route) fields.push(['route', view.route.type]);
  if (view.filled) fields.push(['filled', `${view.filled.personRef} from ${view.filled.startsOn}`]);
  if (view.backfillPostId) fields.push(['backfill post', view.backfillPostId]);

  const timeline =
    view.decisions.length === 0
      ? ['  (no decisions yet)']
      : formatTable(
          ['WHEN', 'ACTION', 'BY', 'AUTHORITY', 'REASON'],
          view.decisions.map((decision) => [
            formatInstant(decision.at),
            decision.action,
            `${decision.actor.id} (${decision.actor.role})`,
            decision.authority,
            decision.reason,
          ]),
        ).map((line) => `  ${line}`);
  return [
    `Post ${view.postId} (proposal ${view.proposalId})`,
    ...formatFields(fields),
    'Decision timeline:',
    ...timeline,
  ];
}

export async function showPost(
  service: Pick<CliService, 'post'>,
  postId: string,
  print: (line: string) => void,
): Promise<PostView> {
  const view = await service.post(postId);
  for (const line of postLines(view)) print(line);
  return view;
}
