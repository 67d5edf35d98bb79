import { describe, expect, it } from 'vitest';
import { MULTIPLIERS } from './game/phases';
import { ERROR_CODES, ERROR_MESSAGES, HOST_EVENTS, inbound } from './protocol';

describe('the protocol declared once', () => {
  it('derives the host events from the schemas: every host: event but create and attach, in declaration order', () => {
    const hostNamed = Object.keys(inbound).filter((e) => e.startsWith('host:') && e !== 'host:create' && e !== 'host:attach');
    expect(HOST_EVENTS).toEqual(hostNamed);
    expect(HOST_EVENTS).toContain('host:multiplier');
  });

  it('accepts exactly the engine multipliers on host:multiplier', () => {
    for (const multiplier of MULTIPLIERS) expect(inbound['host:multiplier'].safeParse({ multiplier }).success).toBe(true);
    for (const multiplier of [-1, 3, 0.5, '1']) expect(inbound['host:multiplier'].safeParse({ multiplier }).success).toBe(false);
  });

  it('has one non-empty message for every error code and no others', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...ERROR_CODES].sort());
    for (const code of ERROR_CODES) expect(ERROR_MESSAGES[code].length).toBeGreaterThan(10);
  });
});
