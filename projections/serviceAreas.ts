/**
 * Service areas are compared as the staff directory compares them, ignoring case and the spaces
 * around them, so "Social Work" in a baseline and "Social work" on a post are one area.
 */
export const areaKey = (name: string): string => name.trim().toLocaleLowerCase('en-GB');

export const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The name each area is shown by: the baseline's spelling where it has one, else the first in
 * order of the posts' spellings, so the live consumer and a rebuild name it alike.
 */
export class AreaNames {
  private readonly preferred = new Map<string, string>();
  private readonly seen = new Map<string, string>();

  fromBaseline(name: string): void {
    this.preferred.set(areaKey(name), name.trim());
  }

  fromPost(name: string): void {
    const key = areaKey(name);
    const known = this.seen.get(key);
    if (known === undefined || byName(name, known) < 0) this.seen.set(key, name);
  }

  known(key: string): boolean {
    return this.preferred.has(key) || this.seen.has(key);
  }

  nameOf(key: string): string {
    return this.preferred.get(key) ?? this.seen.get(key) ?? key;
  }

  /** Every area's name, sorted. */
  all(): string[] {
    const keys = new Set([...this.preferred.keys(), ...this.seen.keys()]);
    return [...keys].map((key) => this.nameOf(key)).sort(byName);
  }
}
