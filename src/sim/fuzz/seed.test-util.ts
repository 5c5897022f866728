/** The fast-check seed of `npm test` (fixed, so CI is reproducible); FUZZ_SEED overrides it. */
export const DEFAULT_SEED = 20_260_707;
