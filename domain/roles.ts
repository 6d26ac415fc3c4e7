import type { Actor } from '../schemas/common.js';

/** Every role a person (or the workflow itself, `system`) acts in; schemas/common.ts builds its enum from it. */
export const roles = [
  'hr',
  'director',
  'deputy',
  'union',
  'executive-member',
  'equality-lead',
  'finance',
  'viewer',
  'system',
] as const;

/** The workflow itself: timers and automatic steps are recorded as done by it. */
export const systemActor: Actor = { id: 'system', role: 'system' };
