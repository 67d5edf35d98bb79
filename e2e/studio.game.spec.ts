/**
 * The authoring studio in real Chromium: an instructor builds a network from
 * scratch by taps (with a skip link), adds three questions of different types
 * by tapping their targets, saves, meets the version check from a second tab,
 * and runs the quiz live with two phones. Screenshots of every studio step
 * land in the report.
 */
import { expect, test, type Page } from '@playwright/test';
import { HostActor, StudentActor, snap } from './fixtures/actors';
import { instructorKey } from './fixtures/reports';

test.setTimeout(240_000);

const LAPTOP = { width: 1440, height: 900 } as const;

async function openStudio(page: Page, key: string, path: string): Promise<void> {
  await page.goto(path);
  const form = page.getByTestId('instructor-key-form');
  if (await form.isVisible().catch(() => false)) {
    await page.locator('#instructor-key').fill(key);
    await page.getByRole('button', { name: 'Open the studio' }).click();
  }
}

test('build a network and a quiz in the studio, save it, and play it with two phones', async ({ browser, baseURL }, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const key = await instructorKey();
  const context = await browser.newContext({ baseURL, viewport: LAPTOP });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));

  // ---------- the list: built-in packs read-only ----------
  await page.goto('/studio');
  await expect(page.getByTestId('instructor-key-form')).toBeVisible();
  await page.locator('#instructor-key').fill(key);
  await page.getByRole('button', { name: 'Open the studio' }).click();
  await expect(page.getByTestId('studio-pack-week09')).toContainText('built-in, read-only');
  await expect(page.getByTestId('studio-edit-week09')).toHaveCount(0);
  await expect(page.getByTestId('studio-delete-week09')).toHaveCount(0);
  await snap(page, testInfo, 'studio-01-list');

  // ---------- a new quiz: build the network by taps ----------
  await page.getByTestId('studio-new').click();
  await expect(page.getByTestId('network-panel')).toBeVisible();
  const packId = (await page.getByTestId('pack-id').textContent())?.trim() ?? '';
  expect(packId).toMatch(/^quiz-/);
  await page.getByTestId('pack-title').fill('Skip links');
  await expect(page.getByTestId('network-valid')).toBeVisible(); // x1 → n1 → E
  // n2 feeding n1, then n3 feeding n2: a chain n3 → n2 → n1 → E.
  await page.getByTestId('node-n1').click();
  await expect(page.getByTestId('node-n1')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('add-neuron').click();
  await page.getByTestId('node-n2').click();
  await page.getByTestId('add-neuron').click();
  await expect(page.getByTestId('node-n3')).toBeVisible();
  // A neuron on no path to E is flagged at the neuron.
  await page.getByTestId('add-neuron').click();
  await expect(page.getByTestId('network-issues')).toContainText('n4 has no path to E');
  await expect(page.getByTestId('node-n4')).toHaveAttribute('aria-label', /has a problem/);
  await snap(page, testInfo, 'studio-02-flagged-neuron');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-n4')).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('node-n4')).toBeVisible();
  await page.getByTestId('node-n4').click();
  await page.getByTestId('remove-node').click();
  await expect(page.getByTestId('node-n4')).toHaveCount(0);
  // The skip link n3 → n1: tap n3, then n1.
  await page.getByTestId('node-n3').click();
  await page.getByTestId('node-n1').click();
  // Feed x1 into n3 (tap x1, then n3), then take it off n1 (tap x1, then n1).
  await page.getByTestId('node-x1').click();
  await page.getByTestId('node-n3').click();
  await page.getByTestId('node-x1').click();
  await page.getByTestId('node-n1').click();
  // A second input into n3.
  await page.getByTestId('node-n3').click();
  await page.getByTestId('add-input').click();
  await expect(page.getByTestId('network-valid')).toContainText('3 neurons, 3 edges, 2 inputs');
  const net = page.getByTestId('network-panel').getByTestId('network-graph');
  // (An edge straight up the page has an empty bounding box, so presence is checked, not visibility.)
  for (const id of ['n3-n2', 'n2-n1', 'n3-n1', 'x1-n3', 'x2-n3', 'n1-E']) await expect(net.getByTestId(`edge-${id}`)).toHaveCount(1);
  // The skip link is drawn bowed around n2, not hidden behind it.
  await expect(net.getByTestId('edge-n3-n1').locator('path.net-line')).toHaveCount(1);
  await expect(net.getByTestId('edge-x1-n1')).toHaveCount(0);
  await snap(page, testInfo, 'studio-03-network');

  // ---------- three questions of different types, targets tapped on the drawing ----------
  await page.getByTestId('tab-questions').click();
  const qnet = page.getByTestId('question-network');
  await page.getByTestId('add-question-expression').click();
  await expect(page.getByTestId('question-hint')).toContainText('Tap the target');
  await qnet.getByTestId('node-n3').click();
  await page.getByTestId('add-question-highlight').click();
  // The weight w_{2,1}: its edge runs straight up the page (an empty bounding box), so the click skips the visibility wait.
  await qnet.getByTestId('edge-n2-n1').click({ force: true });
  await page.getByTestId('add-question-count').click();
  await qnet.getByTestId('node-x1').click(); // the input (x_1)_d
  await expect(page.getByTestId('question-list').locator('li')).toHaveCount(3);
  // The list shows targets with real subscripts (n<sub>3</sub>, w<sub>2,1</sub>, (x<sub>1</sub>)<sub>d</sub>).
  await expect(page.getByTestId('question-item-0')).toContainText('expression n3');
  await expect(page.getByTestId('question-item-1')).toContainText('highlight w2,1');
  await expect(page.getByTestId('question-item-2')).toContainText('count (x1)d');
  await expect(page.getByTestId('problem-count')).toHaveText('✓ ready to save');
  // A bad field gets its message at the field; fixing it clears it.
  await page.getByTestId('question-item-2').locator('.st-qpick').click();
  await page.getByTestId('q-time').fill('2');
  await expect(page.getByTestId('problem-timeLimitSec')).toBeVisible();
  await page.getByTestId('q-time').fill('40');
  await expect(page.getByTestId('problem-timeLimitSec')).toHaveCount(0);
  // The key, the explanation and the previews of the expression question.
  await page.getByTestId('question-item-0').locator('.st-qpick').click();
  await expect(page.getByTestId('studio-key')).toContainText('2 paths');
  await expect(page.getByTestId('preview-phone').getByTestId('screen-question')).toHaveAttribute('data-question-type', 'expression');
  await expect(page.getByTestId('preview-projector').getByTestId('host-question')).toBeVisible();
  await snap(page, testInfo, 'studio-04-questions');

  // ---------- save; a second tab on the old version is refused ----------
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-status')).toContainText('Saved');
  const tab2 = await context.newPage();
  await openStudio(tab2, key, `/studio/${packId}`);
  await expect(tab2.getByTestId('pack-title')).toHaveValue('Skip links');
  await page.getByTestId('pack-title').fill('Skip links (tab 1)');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-status')).toContainText('Saved');
  await tab2.getByTestId('pack-title').fill('Skip links (tab 2)');
  await tab2.getByTestId('save').click();
  await expect(tab2.getByTestId('save-conflict')).toContainText('was changed elsewhere');
  await snap(tab2, testInfo, 'studio-05-conflict');
  await tab2.close();
  expect(errors, 'uncaught errors in the studio').toEqual([]);

  // ---------- run it live with two phones ----------
  const host = await HostActor.open(browser, baseURL);
  await host.selectPack(packId);
  await host.setOption('leaderboard', false);
  const code = await host.createRoom();
  const ada = await StudentActor.open(browser, baseURL, 'Ada');
  const ben = await StudentActor.open(browser, baseURL, 'Ben');
  await ada.join(code);
  await ben.join(code);
  await host.expectPlayers(2);
  await host.start();

  // Q1: ∂E/∂n_3 has two paths (n3 → n2 → n1 and the skip link n3 → n1).
  await Promise.all([ada.expectQuestion(0, 'expression'), ben.expectQuestion(0, 'expression')]);
  await ada.typeExpression('dE/dn1 * dn1/dn2 * dn2/dn3 + dE/dn1 * dn1/dn3');
  await ada.expectPreviewRead();
  await ada.submit();
  await ben.typeExpression('dE/dn1 * dn1/dn2 * dn2/dn3');
  await ben.submit();
  await host.expectScreen('reveal');
  expect((await ada.result()).verdict).toBe('correct');
  expect((await ben.result()).verdict).not.toBe('correct');
  await snap(host.page, testInfo, 'game-q1-reveal');

  // Q2: highlight for w_{2,1}.
  await host.next();
  await Promise.all([ada.expectQuestion(1, 'highlight'), ben.expectQuestion(1, 'highlight')]);
  // Both edges run straight up the page (empty bounding boxes): tap them without the visibility wait.
  for (const id of ['n2-n1', 'n1-E']) {
    await ada.page.getByTestId(`edge-${id}`).tap({ force: true });
    await expect(ada.page.getByTestId(`edge-${id}`)).toHaveAttribute('aria-pressed', 'true');
  }
  await ada.submit();
  await ben.page.getByTestId('edge-n3-n1').tap({ force: true });
  await expect(ben.page.getByTestId('edge-n3-n1')).toHaveAttribute('aria-pressed', 'true');
  await ben.submit();
  await host.expectScreen('reveal');
  expect((await ada.result()).verdict).toBe('correct');
  expect((await ben.result()).verdict).toBe('wrong');

  // Q3: paths from E to (x_1)_d: 2.
  await host.next();
  await Promise.all([ada.expectQuestion(2, 'count'), ben.expectQuestion(2, 'count')]);
  await ada.answerCount('2');
  await ben.answerCount('1');
  await host.expectScreen('reveal');
  expect((await ada.result()).verdict).toBe('correct');
  expect((await ben.result()).verdict).toBe('wrong');
  await snap(ada.page, testInfo, 'game-q3-phone-reveal');

  await Promise.all([ada.close(), ben.close(), host.close()]);
  await context.close();
});

test('a recurrent cell from the generator: shared weights, a BPTT suggestion, and an import refused at its fields', async ({ browser, baseURL }, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const key = await instructorKey();
  const context = await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 } }); // a tablet on its side
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openStudio(page, key, '/studio');

  // An import with a bad question is refused whole, with the field path.
  await page.getByTestId('studio-import').locator('input[type=file]').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify({ id: 'bad-import', title: 'Bad', questions: [{ id: 'q', type: 'count', prompt: 'p', network: 'nope', target: 'n1' }] })),
  });
  await expect(page.getByTestId('studio-import-errors')).toContainText('questions.0.network');
  await expect(page.getByTestId('studio-pack-bad-import')).toHaveCount(0);

  await page.getByTestId('studio-new').click();
  await page.getByTestId('generator-form').locator('summary').click();
  await page.getByTestId('generator-kind').selectOption('recurrent');
  await page.getByTestId('generator-make').click();
  await expect(page.getByTestId('network-valid')).toContainText('3 neurons, 2 edges, 3 inputs');
  await expect(page.getByTestId('network-panel')).toContainText('Shared weights (2)');
  await snap(page, testInfo, 'studio-06-recurrent');
  await page.getByTestId('tab-questions').click();
  await page.getByTestId('suggest').click();
  await expect(page.getByTestId('suggestions')).toContainText('shared-weight · expression on w_{hh}');
  await expect(page.getByTestId('suggestions')).toContainText('difficulty');
  await page.getByTestId('add-suggestions').click();
  await expect(page.getByTestId('problem-count')).toHaveText('✓ ready to save');
  await snap(page, testInfo, 'studio-07-suggested');
  await page.getByTestId('save').click();
  await expect(page.getByTestId('save-status')).toContainText('Saved');
  expect(errors, 'uncaught errors in the studio').toEqual([]);
  await context.close();
});
