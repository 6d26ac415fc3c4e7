/**
 * The arithmetic of a ledger that posts reserve against: a proposal's budget allocation (pence) or the
 * service's cap on international recruits (people). Pure and integer-only, so the entity workflows,
 * the API and the tests share one set of rules.
 *
 * Every operation is keyed by post, not by request: reserving again replaces the post's own
 * reservation and releasing twice releases nothing the second time. A retried request (an activity
 * retry, or one replayed on the run after a continue-as-new) therefore cannot commit anything twice.
 */

export interface Ledger {
  /** The most that may be committed: the allocation in pence, or the cap in recruits. */
  readonly capacity: number;
  /** Committed before and outside this ledger's reservations (the recruits already in post). */
  readonly baseline: number;
  /** What each post holds, by post id. */
  readonly reservations: Readonly<Record<string, number>>;
}

/** What a reservation comes to (contract/ledgerMessages.ts sends it back as the Update's result). */
export type ReserveOutcome =
  | { status: 'reserved'; amount: number; capacity: number; committed: number }
  | { status: 'shortfall'; amount: number; capacity: number; committed: number; shortfall: number };

/** What a release comes to. */
export interface ReleaseOutcome {
  released: number;
  committed: number;
}

function isQuantity(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function requireQuantity(field: string, value: unknown): number {
  if (!isQuantity(value)) {
    throw new RangeError(`${field} must be a non-negative whole number (got ${String(value)})`);
  }
  return value;
}

/** Why a post id is unusable, or undefined when it is fine. */
export function postIdProblem(postId: unknown): string | undefined {
  if (typeof postId !== 'string' || postId.trim() === '') return 'postId must be a non-empty string';
  return undefined;
}

/** Why an amount is unusable, or undefined when it is fine: pence and people are whole numbers. */
export function amountProblem(amount: unknown): string | undefined {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return 'amount must be a number';
  if (amount < 0) return `amount must not be negative (got ${amount})`;
  if (!Number.isInteger(amount)) return `amount must be a whole number (got ${amount})`;
  if (!Number.isSafeInteger(amount)) return `amount is too large (got ${amount})`;
  return undefined;
}

// defineProperty, not assignment: a post id such as "__proto__" must stay an ordinary key.
function setOwn(record: Record<string, number>, key: string, value: number): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A ledger from its parts, checked: capacity, baseline and every reservation are whole and non-negative. */
export function openLedger(parts: {
  capacity: number;
  baseline?: number;
  reservations?: Readonly<Record<string, number>>;
}): Ledger {
  const capacity = requireQuantity('capacity', parts.capacity);
  const baseline = requireQuantity('baseline', parts.baseline ?? 0);
  const reservations: Record<string, number> = {};
  for (const [postId, amount] of Object.entries(parts.reservations ?? {})) {
    const problem = postIdProblem(postId);
    if (problem) throw new RangeError(problem);
    setOwn(reservations, postId, requireQuantity(`reservation of ${postId}`, amount));
  }
  return { capacity, baseline, reservations };
}

/** What a post holds now (0 when it holds nothing). */
export function reservationOf(ledger: Ledger, postId: string): number {
  return Object.hasOwn(ledger.reservations, postId) ? (ledger.reservations[postId] ?? 0) : 0;
}

/** Everything committed: the baseline plus every post's reservation. */
export function committed(ledger: Ledger): number {
  let total = ledger.baseline;
  for (const amount of Object.values(ledger.reservations)) total += amount;
  return total;
}

function withReservation(ledger: Ledger, postId: string, amount: number | undefined): Ledger {
  const reservations: Record<string, number> = {};
  for (const [id, held] of Object.entries(ledger.reservations)) {
    if (id !== postId) setOwn(reservations, id, held);
  }
  if (amount !== undefined) setOwn(reservations, postId, amount);
  return { ...ledger, reservations };
}

/**
 * Reserves `amount` for a post. The post's own earlier reservation does not count against it (the
 * new amount replaces it). When it does not fit, the post's earlier reservation is removed as well,
 * so a post held for the director commits nothing, and the shortfall says how much is missing.
 */
export function reserve(
  ledger: Ledger,
  request: { postId: string; amount: number },
): { ledger: Ledger; result: ReserveOutcome } {
  const idProblem = postIdProblem(request.postId);
  if (idProblem) throw new RangeError(idProblem);
  const problem = amountProblem(request.amount);
  if (problem) throw new RangeError(problem);
  const { postId, amount } = request;
  const others = committed(ledger) - reservationOf(ledger, postId);
  // Subtract rather than add: capacity and others are safe integers, so `available` is exact.
  const available = ledger.capacity - others;
  if (amount <= available) {
    const next = withReservation(ledger, postId, amount);
    return {
      ledger: next,
      result: { status: 'reserved', amount, capacity: ledger.capacity, committed: committed(next) },
    };
  }
  const next = withReservation(ledger, postId, undefined);
  return {
    ledger: next,
    result: {
      status: 'shortfall',
      amount,
      capacity: ledger.capacity,
      committed: committed(next),
      shortfall: amount - available,
    },
  };
}

/** Releases whatever the post holds; releasing a post that holds nothing releases 0. */
export function release(
  ledger: Ledger,
  request: { postId: string },
): { ledger: Ledger; result: ReleaseOutcome } {
  const released = reservationOf(ledger, request.postId);
  const next = Object.hasOwn(ledger.reservations, request.postId)
    ? withReservation(ledger, request.postId, undefined)
    : ledger;
  return { ledger: next, result: { released, committed: committed(next) } };
}
