import { describe, expect, it } from 'vitest';
import { inTurns, nextTurn, TurnGate } from './turn-gate';

describe('TurnGate', () => {
  it('lets perTurn events start in a turn and the rest in later turns, in arrival order', async () => {
    const gate = new TurnGate(2);
    const started: string[] = [];
    let turn = 0;
    const arrive = (name: string) => {
      const wait = gate.pass();
      if (wait === null) started.push(`${name}@${turn}`);
      else void wait.then(() => started.push(`${name}@${turn}`));
    };
    for (const name of ['a', 'b', 'c', 'd', 'e']) arrive(name);
    expect(gate.queued).toBe(3);
    // Each turn of the event loop lets the next two through.
    for (turn = 1; turn <= 3; turn++) await nextTurn();
    expect(started).toEqual(['a@0', 'b@0', 'c@1', 'd@1', 'e@2']);
    expect(gate.queued).toBe(0);
  });

  it('never makes an event in a quiet turn wait', async () => {
    const gate = new TurnGate(1);
    expect(gate.pass()).toBeNull();
    await nextTurn();
    await nextTurn();
    expect(gate.pass()).toBeNull();
  });

  it('keeps arrival order: a newcomer waits behind the queue even when the turn has room', async () => {
    const gate = new TurnGate(2);
    const order: string[] = [];
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      const wait = gate.pass();
      if (wait === null) order.push(name);
      else void wait.then(() => order.push(name));
    }
    await nextTurn(); // c and d start
    const late = gate.pass(); // e is still queued: the newcomer goes behind it
    expect(late).not.toBeNull();
    void late?.then(() => order.push('f'));
    await nextTurn();
    await nextTurn();
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('refuses a gate that lets nothing through', () => {
    expect(() => new TurnGate(0)).toThrow(/perTurn/);
  });
});

describe('inTurns', () => {
  it('runs a list in chunks, a turn of the event loop between two and none before the first', async () => {
    const seen: string[] = [];
    setImmediate(() => seen.push('turn'));
    await inTurns([1, 2, 3, 4, 5], 2, (chunk, first) => {
      seen.push(`${first}:${chunk.join(',')}`);
    });
    expect(seen).toEqual(['0:1,2', 'turn', '2:3,4', '4:5']);
  });
});
