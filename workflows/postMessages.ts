import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DecideCommand } from '../schemas/postCommands.js';
import type { PostView } from './postView.js';

/** Declared once, imported by the workflow and by clients, so names and payloads cannot drift. */
export const decideUpdate = defineUpdate<PostView, [DecideCommand]>('decide');
export const postViewQuery = defineQuery<PostView>('postView');
