/**
 * Accessibility in CI: a host and two students play one question of every
 * type (the five graph and choice kinds, multi-select, true/false and a
 * poll), and axe-core scans every phone and projector screen on the way —
 * join, lobby, each question, waiting, reveal right and wrong, leaderboard,
 * podium — then the reports, a game's report and a class page. Any WCAG 2.1
 * A/AA violation fails the test.
 */
import { expect, test } from '@playwright/test';
import { HostActor, StudentActor, snap } from './fixtures/actors';
import { expectAccessible } from './fixtures/axe';
import { allTypesPack, E2E_TIME_LIMIT_SEC } from './fixtures/packs';
import { instructorKey, SocketGame } from './fixtures/reports';

test.setTimeout(300_000);

/** The new option kinds, appended to the every-type pack. */
const OPTION_KINDS = [
  {
    id: 'multi-local',
    type: 'multi',
    prompt: 'Which of these are **local** derivatives on Network I?',
    choices: ['$\\partial n_6/\\partial n_4$', '$\\partial E/\\partial n_4$', '$\\partial n_7/\\partial n_5$', '$\\partial E/\\partial w_{2,5}$'],
    answers: [0, 2],
    timeLimitSec: E2E_TIME_LIMIT_SEC,
  },
  {
    id: 'tf-layered',
    type: 'truefalse',
    prompt: 'In a fully connected layered network, every path from $E$ to a neuron has the same number of factors.',
    answer: true,
    timeLimitSec: E2E_TIME_LIMIT_SEC,
  },
  {
    id: 'poll-sure',
    type: 'poll',
    prompt: 'How sure are you about summing over paths?',
    choices: ['Sure', 'Mostly', 'Lost'],
    timeLimitSec: E2E_TIME_LIMIT_SEC,
  },
];

test('every phone and projector screen passes axe (WCAG 2.1 AA)', async ({ browser, baseURL }, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const key = await instructorKey();
  const packId = `e2e-a11y-${Date.now().toString(36)}`;
  const pack = allTypesPack(packId);
  pack.questions.push(...OPTION_KINDS);

  const host = await HostActor.open(browser, baseURL);
  await host.expectScreen('setup');
  await expectAccessible(host.page, 'projector: setup');
  await host.uploadPack(pack, `${packId}.json`);
  await host.enterInstructorKey(key);
  await expect(host.page.getByTestId('upload-ok')).toBeVisible();
  await expectAccessible(host.page, 'projector: setup with the uploaded pack');
  const code = await host.createRoom();
  await expectAccessible(host.page, 'projector: lobby');

  const ada = await StudentActor.open(browser, baseURL, 'Ada');
  const ben = await StudentActor.open(browser, baseURL, 'Ben');
  await expectAccessible(ada.page, 'phone: join');
  await ada.join(code);
  await ben.join(code);
  await host.expectPlayers(2);
  // The phone lobby follows the live count.
  await expect(ada.screen('lobby')).toContainText('2 players here');
  await expectAccessible(ada.page, 'phone: lobby');
  await expectAccessible(host.page, 'projector: lobby with students');
  await host.start();

  /** One question: scans the open question on both, Ada waiting, then both reveals. */
  const play = async (index: number, type: string, right: () => Promise<void>, wrong: () => Promise<void>) => {
    await ada.expectQuestion(index, type);
    await ben.expectQuestion(index, type);
    await host.expectQuestion(index);
    await expectAccessible(ada.page, `phone: ${type} question`);
    await expectAccessible(host.page, `projector: ${type} question`);
    await right();
    await ada.expectAnswerReceived();
    await expectAccessible(ada.page, `phone: waiting after a ${type} answer`);
    await wrong();
    await host.expectScreen('reveal');
    for (const s of [ada, ben]) {
      await s.expectScreen('reveal');
      await expect(s.screen('reveal')).not.toHaveAttribute('data-verdict', 'pending');
    }
    await expectAccessible(ada.page, `phone: ${type} reveal (${await ada.screen('reveal').getAttribute('data-verdict')})`);
    await expectAccessible(ben.page, `phone: ${type} reveal (${await ben.screen('reveal').getAttribute('data-verdict')})`);
    await expectAccessible(host.page, `projector: ${type} reveal`);
    await snap(host.page, testInfo, `a11y-q${index + 1}-${type}-projector-reveal`);
    await snap(ben.page, testInfo, `a11y-q${index + 1}-${type}-phone-reveal`);
  };
  const toNext = async (index: number) => {
    await host.next();
    await host.expectScreen('leaderboard');
    if (index === 0) {
      for (const s of [ada, ben]) await s.expectScreen('leaderboard');
      await expectAccessible(host.page, 'projector: leaderboard');
      await expectAccessible(ada.page, 'phone: leaderboard');
    }
    await host.next();
  };

  await play(0, 'choice', () => ada.answerChoice(1), () => ben.answerChoice(0));
  await toNext(0);
  await play(1, 'highlight', () => ada.answerHighlight(['n2-n5', 'n5-n7', 'n7-E']), () => ben.answerHighlight(['n2-n5']));
  await toNext(1);
  await play(2, 'count', () => ada.answerCount('2'), () => ben.answerCount('3'));
  await toNext(2);
  await play(3, 'formula', () => ada.answerFormula(['k']), () => ben.answerFormula(['k', '+', '1']));
  await toNext(3);
  const typed = async (s: StudentActor, text: string) => {
    await s.typeExpression(text);
    await s.expectPreviewRead();
    await s.submit();
  };
  await play(4, 'expression', () => typed(ada, '∂E/∂n_6 · ∂n_6/∂n_4'), () => typed(ben, '∂E/∂n_6'));
  await toNext(4);
  const pick = async (s: StudentActor, options: readonly number[]) => {
    for (const i of options) {
      await s.page.getByTestId(`choice-${i}`).tap();
      await expect(s.page.getByTestId(`choice-${i}`)).toHaveAttribute('aria-pressed', 'true');
    }
    await s.submit();
  };
  await play(5, 'multi', () => pick(ada, [0, 2]), () => pick(ben, [0, 1]));
  await expect(ada.screen('reveal')).toHaveAttribute('data-verdict', 'correct');
  await expect(ben.screen('reveal')).toHaveAttribute('data-verdict', 'wrong');
  await expect(host.page.getByTestId('choice-counts').locator('li')).toHaveCount(4);
  await toNext(5);
  await play(6, 'truefalse', () => ada.answerChoice(0), () => ben.answerChoice(1));
  await expect(ada.screen('reveal')).toHaveAttribute('data-verdict', 'correct');
  await toNext(6);
  await play(
    7,
    'poll',
    async () => {
      await ada.answerChoice(1);
      // The projector shows the votes as they come in.
      await expect(host.page.getByTestId('live-votes').locator('li').nth(1)).toHaveAttribute('data-count', '1');
    },
    () => ben.answerChoice(1),
  );
  await expect(ada.screen('reveal')).toHaveAttribute('data-verdict', 'voted');
  await expect(host.page.getByTestId('choice-counts').locator('li').nth(1)).toHaveAttribute('data-count', '2');

  // The last reveal leads to the podium.
  await host.next();
  await host.expectScreen('final');
  await expect(host.page.getByTestId('podium')).toHaveAttribute('data-revealed', 'all');
  for (const s of [ada, ben]) await s.expectScreen('final');
  await expectAccessible(host.page, 'projector: podium');
  await expectAccessible(ada.page, 'phone: podium (first)');
  await expectAccessible(ben.page, 'phone: podium (second)');
  await snap(host.page, testInfo, 'a11y-podium-projector');
  await snap(ben.page, testInfo, 'a11y-podium-phone');
  const roomId = await ada.page.evaluate(() => new URL(document.querySelector('[data-testid="my-answers"]')?.getAttribute('href') ?? '', location.href).searchParams.get('room'));
  for (const a of [host, ada, ben]) await a.close();

  // ---------- after class: reports, a game's report, a class page ----------
  const made = await (await fetch(`${baseURL}/api/classes`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `A11y ${packId}` }) })).json() as { class: { id: string } };
  const classId = made.class.id;
  const g = await SocketGame.create(baseURL, packId, classId, key);
  const cy = await g.join('Cy');
  await g.open(0);
  await g.answerAll(0, [[cy, { kind: 'choice', index: 1 }]]);
  await g.end();
  g.close();

  const laptop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const teacher = await laptop.newPage();
  await teacher.goto('/reports');
  await expect(teacher.getByTestId('instructor-key-form')).toBeVisible();
  await expectAccessible(teacher, 'reports: key form');
  await teacher.getByLabel('Key').fill(key);
  await teacher.getByRole('button', { name: 'Open reports' }).click();
  await expect(teacher.getByTestId('report-list')).toBeVisible();
  await expectAccessible(teacher, 'reports: list');
  await teacher.goto(`/reports/${roomId}`);
  await expect(teacher.getByTestId('report-title')).toBeVisible();
  await expect(teacher.getByTestId('question-8')).toContainText('Poll');
  await expectAccessible(teacher, 'reports: a game with every question type');
  await snap(teacher, testInfo, 'a11y-report');
  await teacher.goto(`/classes/${classId}`);
  await expect(teacher.getByTestId('class-leaderboard')).toBeVisible();
  await expectAccessible(teacher, 'classes: class leaderboard');
  await laptop.close();
});
