/**
 * Count answers ("how many paths from E to n_1?"): an integer compared
 * exactly as a bigint, so counts far beyond 2^53 are graded correctly.
 */
import type { CheckResult } from './notes';
import { NOTE_CODES, note } from './notes';
import { MAX_COUNT_CHARS } from './limits';

const INTEGER = /^[+-]?\d+$/;

/**
 * Checks an integer answer against the expected count. Surrounding spaces are
 * fine; anything else that is not a plain integer gets `parse/error`.
 * @example checkCount(4n, ' 4 ').correct // true
 * @example checkCount(4n, '5').notes[0]?.code // 'count/off-by-one'
 */
export function checkCount(expected: bigint, answer: string): CheckResult {
  if (answer.length > MAX_COUNT_CHARS) {
    return { correct: false, score: 0, read: null, notes: [note(NOTE_CODES.parseTooLong, `Your answer is ${answer.length} characters long; the limit is ${MAX_COUNT_CHARS}.`)] };
  }
  const text = answer.trim();
  if (text === '') return { correct: false, score: 0, read: null, notes: [note(NOTE_CODES.parseEmpty, 'Your answer is empty.')] };
  if (!INTEGER.test(text)) {
    return {
      correct: false,
      score: 0,
      read: null,
      notes: [note(NOTE_CODES.parseError, 'Write a whole number using digits only, like 12.', { position: text.search(/[^+\-0-9]/) + (answer.length - answer.trimStart().length) })],
    };
  }
  const value = BigInt(text);
  const read = { text: value.toString(), latex: value.toString() };
  if (value === expected) return { correct: true, score: 1, read, notes: [] };
  const diff = value - expected;
  if (diff === 1n || diff === -1n) {
    return {
      correct: false,
      score: 0,
      read,
      notes: [note(NOTE_CODES.countOffByOne, `Close: ${value} is off by one (${diff > 0n ? 'one too many' : 'one too few'}).`, { delta: Number(diff) })],
    };
  }
  return { correct: false, score: 0, read, notes: [note(NOTE_CODES.countWrong, `${value} is not the right count.`)] };
}
