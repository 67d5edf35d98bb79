/**
 * Answer checking: the public API of engine/expr. Every checker returns the
 * same `CheckResult` (correct, score in [0, 1], what was read, ordered notes
 * with stable codes) and never throws for any answer text.
 */
export type { CheckResult, Note, NoteCode, NoteSummaryRow, NoteValue, PreviewResult, ReadAs } from './notes';
export { ALL_NOTE_CODES, NOTE_CODES, NOTE_LABELS, UNGRADED_CODES, isUngraded, summariseNotes } from './notes';
export type { ExpressionGrade, GradeOptions } from './check-expression';
export { WRONG_LHS_FACTOR, checkExpression, gradeExpression, previewExpression } from './check-expression';
export { checkCount } from './count';
export type { FormulaOptions, ParsedFormula } from './formula';
export { checkFormula, parseFormula, previewFormula, validateFormula } from './formula';
export { checkHighlight } from './highlight';
export type { ParsedAnswer, ParseResult } from './parser';
export { parseAnswer } from './parser';
export type { ExpandOptions, ExpandResult, Monomial, Polynomial } from './polynomial';
export { expand, monomialKey, polynomialOfProducts, polynomialsEqual, probablyEqual } from './polynomial';
export type { AtomVerdict } from './classify';
export { classifyAtom, isAllowedAtom } from './classify';
export * from './limits';
export { LOCAL_COEFFICIENT_FACTOR, LOCAL_SUM_FACTOR, checkLocal, localKey, previewLocal, renderLocalExpr } from './check-local';
export type { ParsedLocal, ParseLocalResult } from './local-parser';
export { parseLocalAnswer } from './local-parser';
export type { LocalAsk, LocalSymbol, ParseLocalAskResult } from './local-symbols';
export { LOCAL_ASK_KINDS, formatLocalAsk, localAskProblem, localAsksOfKind, parseLocalAsk, renderAsk } from './local-symbols';
