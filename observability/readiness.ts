/** Each dependency a process needs to make progress, by name; resolves when it answers. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

const withinSeconds = <T>(seconds: number, promise: Promise<T>) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${seconds} s`)), seconds * 1000).unref(),
    ),
  ]);

/** Runs every check at once, each given 3 s: ready when all answer, else which did not and why. */
export async function checkReadiness(
  checks: ReadinessChecks,
): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const results = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withinSeconds(3, check());
        return [name, 'ok'] as const;
      } catch (error) {
        return [name, error instanceof Error ? error.message : String(error)] as const;
      }
    }),
  );
  return { ready: results.every(([, outcome]) => outcome === 'ok'), checks: Object.fromEntries(results) };
}
