/** A size/time/cancellation budget for indexing work, so a huge or pathological file never stalls the host. */

export interface Budget {
  /** True once the caller cancelled or the time ran out. */
  exhausted(): boolean;
}

export function timeBudget(ms: number, cancelled: () => boolean = () => false, now: () => number = Date.now): Budget {
  const deadline = now() + ms;
  return { exhausted: () => cancelled() || now() > deadline };
}

export const UNLIMITED: Budget = { exhausted: () => false };
