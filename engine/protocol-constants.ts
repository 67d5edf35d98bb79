/**
 * The zod-free half of the wire protocol: versions, limits, the join-code
 * length, the closed set of ack error codes and the one table of their
 * wording. The phone imports these without pulling zod into its first-load
 * bundle; `engine/protocol.ts` re-exports all of it beside the schemas.
 * Documented in docs/PROTOCOL.md.
 */

/** Bumped on any incompatible change; checked when a client joins or attaches. */
export const PROTOCOL_VERSION = 2;

/** Longest nickname, in characters after normalisation. */
export const NICKNAME_MAX = 20;
/** Longest typed answer (expression or formula), in characters. */
export const ANSWER_TEXT_MAX = 2000;
/** Longest number answer (numeric questions), in characters. */
export const NUMBER_ANSWER_MAX = 64;
/** Most edges in a highlight answer. */
export const HIGHLIGHT_EDGES_MAX = 500;
/** Longest client-generated answer id. */
export const ANSWER_ID_MAX = 64;
/** Longest token or room id accepted on the wire. */
export const TOKEN_MAX = 128;
/** Digits in a join code (`123456`). */
export const JOIN_CODE_DIGITS = 6;

/** Every error an ack can carry. */
export const ERROR_CODES = [
  'room/not-found',
  'room/full',
  'room/locked',
  'auth/forbidden',
  'phase/not-allowed',
  'answer/late',
  'answer/duplicate',
  'answer/stale-question',
  'answer/unreadable',
  'payload/invalid',
  'protocol/mismatch',
  'nickname/taken',
  'player/kicked',
  'pack/not-found',
  'class/not-found',
  'rate/limited',
  'event/unknown',
  'store/unavailable',
  'internal',
] as const;
/** One ack error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * What people are told for each error code: the server's default ack message
 * and the text the phone and the host console show. The one table of error
 * wording (a `payload/invalid` ack carries its own message naming the field).
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  'room/not-found': 'No game with that code.',
  'room/full': 'This game is full.',
  'room/locked': 'The host has locked this game: no new players can join.',
  'auth/forbidden': 'You are not allowed to do that: your seat in this game is no longer valid.',
  'phase/not-allowed': 'That is not possible right now.',
  'answer/late': 'Time was up before your answer arrived.',
  'answer/duplicate': 'You already answered this question.',
  'answer/stale-question': 'That question is already closed.',
  'answer/unreadable': 'We could not read that answer: fix it and send it again.',
  'payload/invalid': 'Please check what you entered.',
  'protocol/mismatch': 'This page is out of date: please reload it.',
  'nickname/taken': 'Someone in this game already has that name. Pick another one.',
  'player/kicked': 'The host removed you from this game.',
  'pack/not-found': 'That quiz pack does not exist.',
  'class/not-found': 'That class does not exist.',
  'rate/limited': 'Too many requests: wait a moment and try again.',
  'event/unknown': 'This page is out of date: please reload it.',
  'store/unavailable': 'The server cannot save right now: try again in a moment.',
  internal: 'Something went wrong, or the server did not answer. Check your connection and try again.',
};

/** What every acknowledged event answers. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorCode; message: string };
