import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../schemas/common.js';
import type { LeaveAuthority, PostCommand, PostCommandType } from '../schemas/postCommands.js';
import type { PostView } from './postView.js';

/** Declared once, imported by the workflow and by clients, so names and payloads cannot drift. */

/** Every command of a post; the validator rejects illegal transitions and actors without authority. */
export const postCommandUpdate = defineUpdate<PostView, [PostCommand]>('postCommand');
export const postViewQuery = defineQuery<PostView>('postView');

/**
 * The commands this actor may send now, by the workflow's own rules and clock: what a page offers.
 * A deputy on leave cover is asked about with that cover, as their decision would carry it.
 */
export const availableCommandsQuery = defineQuery<PostCommandType[], [Actor, LeaveAuthority?]>(
  'availableCommands',
);
