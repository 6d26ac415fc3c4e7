/** The baseline's activity: a round trip through Temporal that does no work. */
export const bareActivities = {
  async noop(): Promise<void> {},
};
export type BareActivities = typeof bareActivities;
