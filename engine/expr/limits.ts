/**
 * Hard caps that bound the work any single answer can cause. Every check is
 * linear in the input up to these limits, so a hostile string costs no more
 * than an honest one.
 */

/** Longest expression answer read, in UTF-16 code units (matches the wire cap `ANSWER_TEXT_MAX`). */
export const MAX_ANSWER_CHARS = 2000;
/** Deepest nesting of brackets in an expression answer. */
export const MAX_NESTING_DEPTH = 32;
/** Most derivative atoms (occurrences, not distinct) in one expression answer. */
export const MAX_ATOMS = 256;
/** Most digits in one index (`n_123456`). */
export const MAX_INDEX_DIGITS = 6;
/** Most digits in an integer coefficient. */
export const MAX_COEFFICIENT_DIGITS = 6;
/** Most monomials an expansion may reach before falling back to evaluation only. */
export const MAX_MONOMIALS = 1024;
/** Most paths enumerated to name missing paths and match extra terms. */
export const MAX_ENUMERATED_PATHS = 512;
/** Most `path/missing` notes listed individually. */
export const MAX_PATH_NOTES = 12;
/** Most wrong terms (extra, sign, duplicate, coefficient) given their own note. */
export const MAX_TERM_NOTES = 12;
/** Most `atom/*` notes listed individually. */
export const MAX_ATOM_NOTES = 12;
/** Longest formula answer read, in characters. */
export const MAX_FORMULA_CHARS = 200;
/** Most nodes in a parsed formula. */
export const MAX_FORMULA_NODES = 200;
/** Largest absolute integer exponent evaluated in a formula. */
export const MAX_FORMULA_EXPONENT = 64;
/** Longest count answer read, in characters. */
export const MAX_COUNT_CHARS = 200;
/** Most edge ids read from a highlight answer. */
export const MAX_HIGHLIGHT_EDGES = 500;
