'use client';
/**
 * The projector's sounds, generated with the Web Audio API (no audio files):
 * a soft arpeggio looping in the lobby, a tick per second in a question's
 * last seconds and a rising sting at each reveal. Only the host console
 * makes one; phones never load this module. The AudioContext is created on
 * the first sound that is not muted and resumed on the host's first click
 * or key (browsers keep audio suspended until then).
 */

/** Overall volume of every sound (0–1). */
export const MASTER_VOLUME = 0.25;
/** Notes of the lobby's loop (Hz): a C major arpeggio and back. */
export const LOBBY_NOTES = [261.63, 329.63, 392.0, 523.25, 392.0, 329.63, 293.66, 392.0] as const;
/** Length of one lobby note, in seconds. */
export const LOBBY_NOTE_SEC = 0.25;
/** How far ahead the lobby loop is scheduled, in ms (one bar). */
const LOBBY_BAR_MS = LOBBY_NOTES.length * LOBBY_NOTE_SEC * 1000;
/** Pitch of a countdown tick, and of the last urgent ticks (Hz). */
export const TICK_HZ = 660;
export const URGENT_TICK_HZ = 990;
/** Notes of the reveal sting (Hz), played one after another. */
export const STING_NOTES = [523.25, 659.25, 783.99, 1046.5] as const;

type Wave = OscillatorType;

/** Plays the projector's sounds; every method is a no-op where Web Audio is missing. */
export class SoundPlayer {
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private loop: number | null = null;
  private nextBarAt = 0;
  /** The lobby loop's queued notes, stopped when the loop stops. */
  private readonly loopNotes = new Set<OscillatorNode>();

  constructor(private muted: boolean) {}

  /** Resumes audio after a user gesture (call from a click or key handler). */
  unlock(): void {
    if (this.ctx?.state === 'suspended') void this.ctx.resume();
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    if (this.master) this.master.gain.value = muted ? 0 : MASTER_VOLUME;
  }

  /** Starts the lobby loop (idempotent). */
  startLoop(): void {
    if (this.loop !== null) return;
    const ctx = this.context();
    if (!ctx) return;
    this.nextBarAt = ctx.currentTime + 0.05;
    const scheduleBar = () => {
      const c = this.context();
      if (!c) return;
      // Keep one bar queued ahead of the clock.
      while (this.nextBarAt < c.currentTime + (2 * LOBBY_BAR_MS) / 1000) {
        LOBBY_NOTES.forEach((hz, i) => {
          const osc = this.note(hz, this.nextBarAt + i * LOBBY_NOTE_SEC, LOBBY_NOTE_SEC * 0.9, 'triangle', 0.35);
          if (!osc) return;
          this.loopNotes.add(osc);
          osc.onended = () => this.loopNotes.delete(osc);
        });
        this.nextBarAt += LOBBY_BAR_MS / 1000;
      }
    };
    scheduleBar();
    this.loop = window.setInterval(scheduleBar, LOBBY_BAR_MS / 2);
  }

  stopLoop(): void {
    if (this.loop !== null) window.clearInterval(this.loop);
    this.loop = null;
    // Notes already queued ahead stop now.
    for (const osc of this.loopNotes) {
      try {
        osc.stop();
      } catch {
        // Not started yet or already stopped: nothing to silence.
      }
    }
    this.loopNotes.clear();
  }

  /** One countdown tick (higher when urgent). */
  tick(urgent: boolean): void {
    const ctx = this.context();
    if (!ctx) return;
    this.note(urgent ? URGENT_TICK_HZ : TICK_HZ, ctx.currentTime, 0.09, 'square', 0.4);
  }

  /** The reveal's rising sting. */
  sting(): void {
    const ctx = this.context();
    if (!ctx) return;
    const t = ctx.currentTime;
    STING_NOTES.forEach((hz, i) => this.note(hz, t + i * 0.08, i === STING_NOTES.length - 1 ? 0.6 : 0.12, 'sawtooth', 0.3));
  }

  /** Stops everything and releases the audio device. */
  close(): void {
    if (this.loop !== null) window.clearInterval(this.loop);
    this.loop = null;
    void this.ctx?.close();
    this.ctx = null;
    this.master = null;
  }

  private context(): AudioContext | null {
    if (this.muted) return null;
    if (this.ctx) return this.ctx;
    const Ctx = typeof window === 'undefined' ? undefined : window.AudioContext;
    if (!Ctx) return null;
    this.ctx = new Ctx();
    this.master = this.ctx.createGain();
    this.master.gain.value = MASTER_VOLUME;
    this.master.connect(this.ctx.destination);
    return this.ctx;
  }

  private note(hz: number, at: number, sec: number, wave: Wave, level: number): OscillatorNode | null {
    const ctx = this.ctx;
    const master = this.master;
    if (!ctx || !master) return null;
    const osc = ctx.createOscillator();
    const env = ctx.createGain();
    osc.type = wave;
    osc.frequency.value = hz;
    // A short attack and an exponential release, so no note clicks.
    env.gain.setValueAtTime(0.0001, at);
    env.gain.exponentialRampToValueAtTime(level, at + 0.01);
    env.gain.exponentialRampToValueAtTime(0.0001, at + sec);
    osc.connect(env).connect(master);
    osc.start(at);
    osc.stop(at + sec + 0.02);
    return osc;
  }
}
