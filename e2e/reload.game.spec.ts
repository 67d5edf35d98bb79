/**
 * Flaky lecture-hall Wi-Fi: a student reloads mid-question and lands on the
 * same question with time left; another loses the network, taps an answer
 * while offline, and it is sent once they are back (same seat, same answer
 * id); both finish the game.
 */
import { expect, test } from '@playwright/test';
import { uploadPack } from './fixtures/reports';
import { HostActor, StudentActor, expectNoHorizontalScroll, snap } from './fixtures/actors';

test.setTimeout(150_000);

test('a reload mid-question and an answer tapped offline both land in the same seat', async ({
  browser,
  baseURL,
  request,
}, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const packId = `e2e-reload-${Date.now().toString(36)}`;
  const upload = await uploadPack(request, {
    id: packId,
    title: 'E2E — reconnects',
    networks: { net1: 'week09-net1' },
    questions: [
      {
        id: 'count-n1',
        type: 'count',
        count: 'paths',
        network: 'net1',
        target: 'n_1',
        prompt: 'How many paths lead from $E$ down to $n_1$?',
        timeLimitSec: 60,
      },
      {
        id: 'choice',
        type: 'choice',
        prompt: 'Which neuron feeds the loss?',
        choices: ['$n_1$', '$n_6$'],
        answer: 1,
        timeLimitSec: 60,
      },
    ],
  });
  expect(await upload.json()).toEqual({ ok: true, id: packId, replaced: false });

  const host = await HostActor.open(browser, baseURL);
  await host.selectPack(packId);
  const code = await host.createRoom();
  const ada = await StudentActor.open(browser, baseURL, 'Ada');
  // Ben holds his phone sideways; Cy has a small 360 px phone.
  const ben = await StudentActor.open(browser, baseURL, 'Ben', '/', { width: 844, height: 390 });
  const cy = await StudentActor.open(browser, baseURL, 'Cy', '/', { width: 360, height: 740 });
  const students = [ada, ben, cy];
  for (const s of students) await s.join(code);
  await host.expectPlayers(3);

  // The host's console survives a reload too.
  await host.page.reload();
  await host.expectScreen('lobby');
  await host.expectPlayers(3);
  await host.start();

  // ---------- Ada reloads mid-question ----------
  await ada.expectQuestion(0, 'count');
  await ada.page.reload();
  await ada.expectQuestion(0, 'count');
  const left = Number(await ada.page.getByTestId('countdown').getAttribute('data-remaining-ms'));
  expect(left, 'time left after the reload').toBeGreaterThan(20_000);
  expect(left).toBeLessThanOrEqual(60_000);
  await snap(ada.page, testInfo, 'student-after-reload');
  await ada.answerCount('2');
  await ada.expectAnswerReceived();
  // Reloading after answering shows the waiting screen, not the question again.
  await ada.page.reload();
  await ada.expectScreen('waiting');
  await host.expectAnswered(1, 3);

  await cy.expectQuestion(0, 'count');
  await expectNoHorizontalScroll(cy.page);
  await snap(cy.page, testInfo, 'student-360-count');

  // ---------- Ben answers while offline ----------
  await ben.expectQuestion(0, 'count');
  await expectNoHorizontalScroll(ben.page);
  await snap(ben.page, testInfo, 'student-landscape-count');
  await ben.context.setOffline(true);
  await expect(ben.page.getByTestId('offline-banner')).toBeVisible();
  await ben.answerCount('2');
  await expect(ben.screen('waiting')).toHaveAttribute('data-state', 'queued');
  await snap(ben.page, testInfo, 'student-offline-queued');
  await ben.context.setOffline(false);
  await expect(ben.page.getByTestId('offline-banner')).toBeHidden();
  await ben.expectAnswerReceived();
  await host.expectAnswered(2, 3);
  await cy.answerCount('5');
  // Everyone answered: the question closes; the answer sent after reconnecting was graded.
  await host.expectScreen('reveal');
  for (const s of students) await s.expectScreen('reveal');
  expect((await ada.result()).verdict).toBe('correct');
  expect((await ben.result()).verdict).toBe('correct');
  expect((await cy.result()).verdict).toBe('wrong');
  await expectNoHorizontalScroll(cy.page);
  await snap(cy.page, testInfo, 'student-360-reveal');

  await host.next();
  await host.expectScreen('leaderboard');
  await host.next();
  await ada.expectQuestion(1, 'choice');
  await ben.expectQuestion(1, 'choice');
  await cy.expectQuestion(1, 'choice');
  await ada.answerChoice(1);
  await ben.answerChoice(0);
  await snap(ben.page, testInfo, 'student-landscape-choice');
  await cy.answerChoice(0);
  await host.expectScreen('reveal');
  await host.next();
  await host.expectScreen('final');

  // A reload at the end shows the podium again, with the same score.
  const before = await ada.topbarScore();
  await ada.page.reload();
  await ada.expectScreen('final');
  expect(await ada.topbarScore()).toBe(before);
  expect((await ada.standing()).rank).toBe(1);
  await ben.expectScreen('final');
  expect((await ben.standing()).rank).toBe(2);
  await cy.expectScreen('final');
  expect((await cy.standing()).rank).toBe(3);

  for (const s of students) await s.close();
  await host.close();
});
