import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../schemas/common.js';
import type {
  LeaveAuthority,
  PostCommand,
  PostCommandType,
  RecruitmentRoute,
} from '../schemas/postCommands.js';
import type { DecisionRecord, PostView } from './postView.js';

/** Declared once, imported by the workflow and by clients, so names and payloads cannot drift. */

/**
 * What a post command decided: the entry the workflow recorded for it (what was done, by whom, on
 * what authority, when) and the post after it. The audit takes the authority from here, never from a
 * guess over the history.
 */
export interface PostCommandOutcome {
  decided: DecisionRecord;
  view: PostView;
}

/** Every command of a post; the validator rejects illegal transitions and actors without authority. */
export const postCommandUpdate = defineUpdate<PostCommandOutcome, [PostCommand]>('postCommand');
export const postViewQuery = defineQuery<PostView>('postView');

/** What one person may do to a post now: the commands, and the recruitment routes they may start. */
export interface AvailableCommands {
  commands: PostCommandType[];
  routes: RecruitmentRoute[];
}

/**
 * What this actor may send now, by the workflow's own rules and clock: what a page offers.
 * A deputy on leave cover is asked about with that cover, as their decision would carry it.
 */
export const availableCommandsQuery = defineQuery<AvailableCommands, [Actor, LeaveAuthority?]>(
  'availableCommands',
);
