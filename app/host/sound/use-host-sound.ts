'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { readMuted, writeMuted } from './mute';
import { SoundPlayer } from './player';
import { countdownTicks, cueFor } from './schedule';

/** What the sound follows: the room's phase, question and deadline, and the clock offset to the server. */
export interface SoundRoom {
  readonly phase: string | null;
  readonly questionIndex: number;
  readonly deadline: number | null;
  readonly offset: number;
}

/**
 * The projector's sound (host console only): the lobby loop, the countdown
 * ticks of `countdownTicks`, a sting per reveal; muting is remembered on this
 * computer. Returns whether it is muted and the toggle.
 */
export function useHostSound(room: SoundRoom): { muted: boolean; toggle: () => void } {
  const [muted, setMuted] = useState(false);
  const player = useRef<SoundPlayer | null>(null);
  const stung = useRef<number | null>(null);

  useEffect(() => {
    const initial = readMuted();
    setMuted(initial);
    const p = new SoundPlayer(initial);
    player.current = p;
    const unlock = () => p.unlock();
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
      p.close();
      player.current = null;
    };
  }, []);

  useEffect(() => {
    player.current?.setMuted(muted);
  }, [muted]);

  // The lobby loop and the reveal sting follow the phase.
  useEffect(() => {
    const p = player.current;
    if (!p) return;
    const cue = cueFor(room.phase, room.questionIndex);
    if (cue.kind === 'lobby-loop') {
      p.startLoop();
      return () => p.stopLoop();
    }
    if (cue.kind === 'sting' && stung.current !== cue.questionIndex) {
      stung.current = cue.questionIndex;
      p.sting();
    }
    return undefined;
  }, [room.phase, room.questionIndex, muted]);

  // The countdown: rescheduled whenever the deadline moves (+15 s) or the clock offset is corrected.
  useEffect(() => {
    const p = player.current;
    if (!p || room.phase !== 'question' || room.deadline === null) return;
    const remaining = room.deadline - (Date.now() + room.offset);
    const timers = countdownTicks(remaining).map((t) => window.setTimeout(() => p.tick(t.urgent), t.inMs));
    return () => timers.forEach((t) => window.clearTimeout(t));
  }, [room.phase, room.deadline, room.offset, muted]);

  const toggle = useCallback(() => {
    setMuted((m) => {
      writeMuted(!m);
      return !m;
    });
  }, []);
  return { muted, toggle };
}
