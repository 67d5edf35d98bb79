/**
 * Secrets and the ids they belong to: host tokens, player tokens, class
 * member tokens and the instructor key. Only hashes of secrets are stored;
 * every comparison takes the same time whatever matches.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Bytes of randomness in a token's secret part. */
const SECRET_BYTES = 18;
/** Bytes of randomness in a record id. */
const ID_BYTES = 9;

/** The hex SHA-256 of a secret, as stored. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** A new secret (URL-safe). */
export const newSecret = (bytes = SECRET_BYTES): string => randomBytes(bytes).toString('base64url');

/** A new record id (URL-safe). */
export const newId = (): string => randomBytes(ID_BYTES).toString('base64url');

/** True when `secret` hashes to `hash`, compared in constant time. */
export function matchesHash(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True when two strings are equal, compared in constant time. */
export function sameString(candidate: string, expected: string): boolean {
  const a = Buffer.from(candidate);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Splits an `id.secret` token; null when it has not that shape. */
export function splitToken(token: string | undefined | null): { id: string; secret: string } | null {
  if (!token) return null;
  const [id, secret, ...rest] = token.split('.');
  if (!id || !secret || rest.length > 0 || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  return { id, secret };
}
