/**
 * Everything wrong with a file a person gave (a proposal, a directory, a baseline, a policy), each
 * problem in words that name where it is, and what was therefore not done with the file.
 */
export abstract class FileProblemsError extends Error {
  /** What did not happen because of the problems, as a sentence: "Nothing was imported." */
  abstract readonly outcome: string;

  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
  }
}
