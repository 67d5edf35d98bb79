/**
 * The projector and the phone at the reveal of the longest Week 09 keys
 * (questions 5 and 6, ∂E/∂(v_{1,1})_d): nothing in the answer panel
 * overflows at 1280×720, 1600×900 or 1920×1080, the reveal fits one screen
 * with its Leaderboard/End controls above the fold, and on a 360 px phone the
 * key fits too. Screenshots of each land in test-results/.
 */
import { expect, test } from '@playwright/test';
import { compilePack } from '../engine/quiz/pack';
import { HostActor, StudentActor, expectNoHorizontalScroll, snap } from './fixtures/actors';
import { PROJECTOR_SIZES, SMALL_PHONE, expectFits, expectInViewport, expectNoVerticalScroll } from './fixtures/fit';
import { instructorKey, uploadPack } from './fixtures/reports';
import { week09Question } from './fixtures/packs';

test.setTimeout(180_000);

const QUESTIONS = ['highlight-v11', 'expr-v11'] as const;

test('the reveals of Week 09 questions 5 and 6 fit every projector size and a 360 px phone', async ({ browser, baseURL, request }, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const key = await instructorKey();
  const packId = `e2e-fit-${Date.now().toString(36)}`;
  const picked = await Promise.all(QUESTIONS.map((id) => week09Question(request, id, key)));
  const pack = {
    id: packId,
    title: 'E2E — Week 09 questions 5 and 6',
    networks: Object.assign({}, ...picked.map((p) => p.networks)) as Record<string, unknown>,
    questions: picked.map((p) => ({ ...p.question, timeLimitSec: 120 })),
  };
  const compiled = compilePack(pack);
  if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join('; '));
  const [highlight, expression] = compiled.pack.questions;
  if (!highlight || !expression) throw new Error('two questions expected');
  const upload = await uploadPack(request, pack);
  expect(upload.ok()).toBe(true);

  const host = await HostActor.open(browser, baseURL);
  await host.selectPack(packId);
  const code = await host.createRoom();
  // Ada (right) and Ben (wrong) hold small 360 px phones.
  const ada = await StudentActor.open(browser, baseURL, 'Ada', '/', SMALL_PHONE);
  const ben = await StudentActor.open(browser, baseURL, 'Ben', '/', SMALL_PHONE);
  for (const s of [ada, ben]) await s.join(code);
  await host.expectPlayers(2);
  await host.start();

  const checkReveal = async (n: number) => {
    await host.expectScreen('reveal');
    for (const s of [ada, ben]) {
      await s.expectScreen('reveal');
      await expect(s.screen('reveal')).not.toHaveAttribute('data-verdict', 'pending');
      await expect(s.page.locator('.tex-pending')).toHaveCount(0);
      await expectFits(s.page.getByTestId('key'), `${s.nickname}'s key on a 360 px phone, question ${n}`);
      await expectNoHorizontalScroll(s.page);
      await snap(s.page, testInfo, `q${n}-phone-360-${s.nickname.toLowerCase()}`);
    }
    for (const size of PROJECTOR_SIZES) {
      await host.page.setViewportSize(size);
      await expect(host.page.locator('.tex-pending')).toHaveCount(0);
      const at = `question ${n} at ${size.width}×${size.height}`;
      await snap(host.page, testInfo, `q${n}-projector-${size.width}x${size.height}`);
      await expectFits(host.page.getByTestId('host-key'), `the answer panel, ${at}`);
      await expectFits(host.page.getByTestId('host-reveal'), `the reveal, ${at}`);
      await expectNoVerticalScroll(host.page, `the reveal, ${at}`);
      await expectInViewport(host.page, host.page.getByTestId('next'), `Next (Leaderboard), ${at}`);
      await expectInViewport(host.page, host.page.getByTestId('end-game'), `End game, ${at}`);
    }
    await host.page.setViewportSize({ width: 1600, height: 900 });
  };

  // Question 5: highlight (∂E/∂(v_{1,1})_d): Ada taps every key edge, Ben one.
  await ada.expectQuestion(0, 'highlight');
  const edges = highlight.key(0).edges;
  await ada.answerHighlight(edges);
  await ben.answerHighlight(edges.slice(0, 1));
  await checkReveal(5);

  // Question 6: the same target as an expression: Ada types the key, Ben leaves a factor out.
  await host.next();
  await host.expectScreen('leaderboard');
  await host.next();
  await ada.expectQuestion(1, 'expression');
  const text = expression.key(0).text;
  await ada.typeExpression(text);
  await ada.expectPreviewRead();
  await ada.submit();
  await ben.typeExpression(text.slice(0, text.lastIndexOf(' · ')));
  await ben.expectPreviewRead();
  await ben.submit();
  await checkReveal(6);

  for (const a of [host, ada, ben]) await a.close();
});
