import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RecruitmentRoute } from '../schemas/postCommands.js';
import type { RouteCommand, VacatedPost } from '../schemas/routeCommands.js';

/** Input of a recruitment route, a child workflow of the post it fills (id `${postId}.route`). */
export interface RouteInput {
  postId: string;
  proposalId: string;
  route: RecruitmentRoute;
  /** The post workflow to tell when the post is filled, or when the route ends without filling it. */
  parentWorkflowId: string;
  /** Which professional register the appointee must be on: HCPC for occupational therapists. */
  registrationBody: 'social-work-england' | 'hcpc';
}

/** What the route tells its post. The route publishes its own events before it signals. */
export type RouteProgress =
  | { kind: 'filled'; personRef: string; startsOn: string; vacatedPost?: VacatedPost }
  | { kind: 'unfilled'; reason: string };

export interface RouteView {
  postId: string;
  route: RecruitmentRoute;
  step: string;
  /** The commands the route accepts now: what the HR page offers. */
  accepts: RouteCommand['type'][];
  shortlisted: string[];
  appointable: string[];
  offeredTo?: string;
  acceptedBy?: string;
  checks: Record<string, 'clear' | 'failed'>;
  filled: boolean;
  qualified?: boolean;
}

export type RouteResult = { outcome: 'filled'; personRef: string } | { outcome: 'unfilled'; reason: string };

export const routeCommandUpdate = defineUpdate<RouteView, [RouteCommand]>('routeCommand');
export const routeViewQuery = defineQuery<RouteView>('routeView');
export const routeProgressSignal = defineSignal<[RouteProgress]>('routeProgress');
