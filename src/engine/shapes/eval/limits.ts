/**
 * The engine's build limits, shared by the interpreter and the scalar operators. Hitting one is reported as
 * a limit warning (codes.ts MLS202/MLS205) at the place it was hit, and the model is marked partial.
 */

/** Iterations of one `for` loop the engine follows (`for i in range(10**9)` stops here, with a warning). */
export const MAX_LOOP = 10_000;
/** The build cap: the most items a list, tuple, set, dict or module container may hold. */
export const MAX_ITEMS = 100_000;
/** The most characters a string built by the code (`+`, `*`, `join`, f-strings) may hold. */
export const MAX_CHARS = 1_000_000;
