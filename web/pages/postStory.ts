import type { DecisionRecord, PostView } from '../../contract/postView.js';
import type { ConsultationParty } from '../../schemas/postCommands.js';
import type { PostService } from '../../temporal/postService.js';
import { hasRole, type SignedInUser } from '../auth/user.js';
import { partyOf } from './forms/consultationForms.js';

/** What the post page tells beyond the summary: who answered what, where it was advertised. */

const parties: { party: ConsultationParty; label: string; role: string }[] = [
  { party: 'union', label: 'Trade union', role: 'union' },
  { party: 'executive-member', label: 'Executive Member', role: 'executive-member' },
  { party: 'equality', label: 'Equality (EDCI) screening', role: 'equality-lead' },
];

const consulteeRoles = ['union', 'executive-member', 'equality-lead'] as const;

export interface ConsultationRow {
  label: string;
  outcome?: string;
  summary?: string;
  /** Who recorded it, by id (the page shows their name). */
  answeredBy?: string;
  answeredAt?: string;
  /** The signed-in consultee's own party: their row says "Your response". */
  yours: boolean;
}

/**
 * Each party's response, or that it is awaited, for everyone who may see the post; a consultee's own
 * row is marked. Who answered comes from the decision history (the latest consultation entry by a
 * person of that party's role), so a closed post's record tells it the same way.
 */
export function consultationRows(view: PostView, user: SignedInUser): ConsultationRow[] | undefined {
  const asked =
    ['consultation', 'concerns-raised'].includes(view.stage) ||
    Object.values(view.consultation).some((response) => response !== undefined);
  if (!asked) return undefined;
  const own = hasRole(user, ...consulteeRoles) ? partyOf(user) : undefined;
  return parties.map(({ party, label, role }) => {
    const response = view.consultation[party];
    const entry = response ? lastConsultationBy(view.decisions, role) : undefined;
    return {
      label,
      yours: party === own,
      ...(response ? { outcome: response.outcome, summary: response.summary } : {}),
      ...(entry ? { answeredBy: entry.actor.id, answeredAt: entry.at } : {}),
    };
  });
}

function lastConsultationBy(decisions: readonly DecisionRecord[], role: string): DecisionRecord | undefined {
  return [...decisions]
    .reverse()
    .find((decision) => decision.action.startsWith('consultation') && decision.actor.role === role);
}

const channelNames: Record<string, string> = {
  'council-jobs-page': 'the council jobs page',
  'paid-social-media': 'paid social media',
  'professional-boards': 'professional boards',
};

const ringFenceNames: Record<string, string> = {
  external: 'External: anyone may apply',
  internal: 'Internal ring-fence: current staff only',
};

export interface AdvertStory {
  number: number;
  channels?: string;
  ringFence?: string;
  opensOn?: string;
  closesOn?: string;
}

const inWords = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');

/**
 * The latest advert: where it runs and who may apply. The post catalogue keeps them from
 * AdvertPublished for open and closed posts alike, so the workflow need not carry them; the closing
 * date comes from the live view when the catalogue has not caught up.
 */
export function latestAdvert(posts: PostService, view: PostView): AdvertStory | undefined {
  if (view.adverts.count === 0) return undefined;
  const recorded = posts.catalogue?.model().posts;
  const record = recorded && Object.hasOwn(recorded, view.postId) ? recorded[view.postId] : undefined;
  // A record still on an earlier advert describes that one, not the latest.
  const advert = record && record.adverts.count === view.adverts.count ? record.adverts : undefined;
  const channels = advert?.channels;
  const ringFence = advert?.ringFence;
  const opensOn = advert?.opensOn;
  const closesOn = view.adverts.closesOn ?? advert?.closesOn;
  return {
    number: view.adverts.count,
    ...(channels ? { channels: inWords(channels.map((channel) => channelNames[channel] ?? channel)) } : {}),
    ...(ringFence ? { ringFence: ringFenceNames[ringFence] ?? ringFence } : {}),
    ...(opensOn ? { opensOn } : {}),
    ...(closesOn ? { closesOn } : {}),
  };
}

/** The decision history newest first, the latest advert's entry saying where and for whom. */
export function timeline(view: PostView, advert: AdvertStory | undefined) {
  const latest = view.decisions.map((decision) => decision.action).lastIndexOf('publish-advert');
  return view.decisions
    .map((decision, index) => (advert && index === latest ? { ...decision, advert } : decision))
    .reverse();
}
