/**
 * Sound in the hall: the projector makes its sounds with Web Audio (lobby
 * loop, reveal sting), the host's mute silences them and is remembered
 * across a reload, and a phone never creates an audio context. Audio is
 * observed by counting AudioContexts and oscillators in each page.
 */
import { expect, test, type Page } from '@playwright/test';
import { HostActor, StudentActor } from './fixtures/actors';
import { uploadPack } from './fixtures/reports';

test.setTimeout(120_000);

declare global {
  interface Window {
    __gfAudio?: { contexts: number; oscillators: number };
  }
}

/** Counts the AudioContexts and oscillators a page makes (installed before any of its scripts run). */
function countAudio(): void {
  const counts = { contexts: 0, oscillators: 0 };
  window.__gfAudio = counts;
  const Native = window.AudioContext;
  if (!Native) return;
  window.AudioContext = class extends Native {
    constructor(options?: AudioContextOptions) {
      super(options);
      counts.contexts++;
    }
    override createOscillator(): OscillatorNode {
      counts.oscillators++;
      return super.createOscillator();
    }
  };
}

const audio = (page: Page) => page.evaluate(() => window.__gfAudio ?? { contexts: -1, oscillators: -1 });

test('the projector plays its cues and remembers the mute; phones stay silent', async ({
  browser,
  baseURL,
  request,
}) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const packId = `e2e-sound-${Date.now().toString(36)}`;
  const choice = (id: string) => ({
    id,
    type: 'choice',
    prompt: `${id}: which neuron feeds the loss?`,
    choices: ['$n_1$', '$n_6$'],
    answer: 1,
    timeLimitSec: 60,
  });
  const upload = await uploadPack(request, {
    id: packId,
    title: 'E2E — sound',
    questions: [choice('one'), choice('two')],
  });
  expect(upload.ok()).toBe(true);

  const host = await HostActor.open(browser, baseURL);
  await host.context.addInitScript(countAudio);
  await host.page.reload();
  await host.selectPack(packId);
  const code = await host.createRoom();
  // The lobby loop: the projector made its audio context and queued notes.
  await expect.poll(async () => (await audio(host.page)).oscillators).toBeGreaterThan(0);
  expect((await audio(host.page)).contexts).toBe(1);

  const ada = await StudentActor.open(browser, baseURL, 'Ada');
  await ada.context.addInitScript(countAudio);
  await ada.page.reload();
  await ada.join(code);
  await host.start();

  // The reveal's sting: four more notes.
  await ada.expectQuestion(0, 'choice');
  const beforeSting = (await audio(host.page)).oscillators;
  await ada.answerChoice(1);
  await host.expectScreen('reveal');
  await expect.poll(async () => (await audio(host.page)).oscillators).toBeGreaterThanOrEqual(beforeSting + 4);

  // Muted: remembered on this computer, and the next reveal is silent.
  const mute = host.page.getByTestId('sound-mute');
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');
  expect(await host.page.evaluate(() => window.localStorage.getItem('gradflow.host.muted'))).toBe('true');
  await host.page.reload();
  await host.expectScreen('reveal');
  await expect(host.page.getByTestId('sound-mute')).toHaveAttribute('aria-pressed', 'true');
  await host.next();
  await host.expectScreen('leaderboard');
  await host.next();
  await ada.expectQuestion(1, 'choice');
  await ada.answerChoice(0);
  await host.expectScreen('reveal');
  await ada.expectScreen('reveal');
  expect(await audio(host.page)).toEqual({ contexts: 0, oscillators: 0 });

  // The phone never made a sound.
  expect(await audio(ada.page)).toEqual({ contexts: 0, oscillators: 0 });
  for (const a of [host, ada]) await a.close();
});
