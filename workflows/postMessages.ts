import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { PostCommand } from '../schemas/postCommands.js';
import type { PostView } from './postView.js';

/** Declared once, imported by the workflow and by clients, so names and payloads cannot drift. */

/** Every command of a post; the validator rejects illegal transitions and actors without authority. */
export const postCommandUpdate = defineUpdate<PostView, [PostCommand]>('postCommand');
export const postViewQuery = defineQuery<PostView>('postView');
