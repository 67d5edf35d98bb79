/**
 * Nicknames and pack text are someone else's input: whatever HTML or script
 * they contain is shown as text on the phones and the projector, never run.
 */
import { expect, test, type Page } from '@playwright/test';
import { uploadPack } from './fixtures/reports';
import { HostActor, StudentActor } from './fixtures/actors';

// 20 characters, the longest nickname allowed.
const EVIL_NICK = '<svg onload=alert()>';
const EVIL_TEXT = '<script>window.__xss=2</script><img src=y onerror="window.__xss=3">';

async function expectInert(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="y"], svg[onload]').count()).toBe(0);
  expect(await page.locator('main script, body > div script').count()).toBe(0);
}

test('script in a nickname or a pack is displayed inert on phones and the projector', async ({
  browser,
  baseURL,
  request,
}) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const dialogs: string[] = [];
  const packId = `e2e-xss-${Date.now().toString(36)}`;
  const upload = await uploadPack(request, {
    id: packId,
    title: `Pack ${EVIL_TEXT}`,
    questions: [
      {
        id: 'q',
        type: 'choice',
        prompt: `Which is text? ${EVIL_TEXT} [link](javascript:alert(1))`,
        choices: [EVIL_TEXT, 'plain'],
        answer: 1,
        timeLimitSec: 60,
        explanation: EVIL_TEXT,
      },
    ],
  });
  expect(await upload.json()).toEqual({ ok: true, id: packId, replaced: false });

  const host = await HostActor.open(browser, baseURL);
  host.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await host.selectPack(packId);
  const code = await host.createRoom();
  const eve = await StudentActor.open(browser, baseURL, EVIL_NICK);
  eve.page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await eve.join(code);
  await expect(host.screen('lobby')).toContainText(EVIL_NICK);
  await expectInert(host.page);
  await expectInert(eve.page);

  await host.start();
  await eve.expectQuestion(0, 'choice');
  await expect(eve.screen('question')).toContainText('<script>window.__xss=2</script>');
  await expectInert(eve.page);
  await expectInert(host.page);
  // The only student answered, so the question closes by itself.
  await eve.answerChoice(1);
  await eve.expectScreen('reveal');
  await host.expectScreen('reveal');
  await expectInert(eve.page);
  await expectInert(host.page);
  expect(dialogs).toEqual([]);
  await eve.close();
  await host.close();
});
