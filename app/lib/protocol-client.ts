/**
 * Client-side protocol constants and human messages for ack errors. The
 * constants are typed against engine/protocol so a change there fails to
 * compile here, without pulling zod (which engine/protocol imports) into the
 * phone's first-load bundle.
 */
import type {
  ErrorCode,
  NICKNAME_MAX as NicknameMax,
  PROTOCOL_VERSION as ProtocolVersion,
} from '@/engine/protocol';

/** Must equal engine/protocol's PROTOCOL_VERSION (checked by the type). */
export const PROTOCOL: typeof ProtocolVersion = 1;
/** Must equal engine/protocol's NICKNAME_MAX (checked by the type). */
export const NICKNAME_LIMIT: typeof NicknameMax = 20;
/** Digits in a join code (server/game/room-service JOIN_CODE_DIGITS). */
export const CODE_DIGITS = 6;

/** What a student or host is told for each ack error code. */
export const ERROR_TEXT: Readonly<Record<ErrorCode, string>> = {
  'room/not-found': 'No game with that code.',
  'room/full': 'This game is full.',
  'room/locked': 'The host has locked this game: no new players can join.',
  'auth/forbidden': 'Your seat in this game is no longer valid.',
  'phase/not-allowed': 'That is not possible right now.',
  'answer/late': 'Time was up before your answer arrived.',
  'answer/duplicate': 'You already answered this question.',
  'answer/stale-question': 'That question is already closed.',
  'payload/invalid': 'Please check what you entered.',
  'protocol/mismatch': 'This page is out of date: please reload it.',
  'nickname/taken': 'Someone in this game already has that name. Pick another one.',
  'player/kicked': 'The host removed you from this game.',
  'pack/not-found': 'That quiz pack does not exist.',
  'class/not-found': 'That class does not exist.',
  'rate/limited': 'Too many requests: wait a moment and try again.',
  'event/unknown': 'This page is out of date: please reload it.',
  'store/unavailable': 'The server cannot save right now: try again in a moment.',
  internal: 'The server did not answer. Check your connection and try again.',
};

/** The message for an error ack: our wording, or the server's for invalid input (it names the problem). */
export function errorText(error: ErrorCode, serverMessage: string): string {
  if (error === 'payload/invalid' && serverMessage && !serverMessage.startsWith('Malformed'))
    return serverMessage;
  return ERROR_TEXT[error];
}
