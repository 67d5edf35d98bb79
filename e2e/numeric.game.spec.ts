/**
 * Numbers through the chain: a numeric question on Network I with values.
 * Two phones type numbers on the keypad (a decimal and a fraction), see how
 * each was read and the values on the drawing; the one who left out a path
 * is told which path; the projector's reveal draws n and ∂E/∂n in every
 * neuron and lists the diagnosed mistake.
 */
import { expect, test } from '@playwright/test';
import { HostActor, StudentActor, expectNoHorizontalScroll, snap } from './fixtures/actors';
import { compilePackOrThrow } from '@/engine/quiz/pack';
import { uploadPack } from './fixtures/reports';

const VALUES = {
  activation: 'sigmoid',
  inputs: { x1: 0.3, x2: -0.7 },
  inputWeights: { 'v_{1,1}': 0.4, 'v_{2,2}': 0.9 },
  weights: { 'w_{1,3}': 0.5, 'w_{1,4}': -0.3, 'w_{2,4}': 0.8, 'w_{2,5}': 0.6, 'w_{3,6}': -1, 'w_{4,6}': 0.7, 'w_{5,7}': 0.2 },
  biases: { n4: 0.1 },
  targets: { n6: 1, n7: 0 },
};

test('a numeric question: typed numbers, values on the network, a missing path diagnosed', async ({ browser, baseURL, request }, testInfo) => {
  if (!baseURL) throw new Error('baseURL is not configured');
  const pack = {
    id: `e2e-numeric-${Date.now().toString(36)}`,
    title: 'E2E — numbers',
    networks: { net1: 'week09-net1' },
    questions: [{ id: 'v11', type: 'numeric', network: 'net1', values: VALUES, wrt: '(v_{1,1})_d', prompt: 'Two paths: add their products.', timeLimitSec: 60 }],
  };
  // The engine's own numbers: the key, and the value without the path through n_4.
  const compiled = compilePackOrThrow(pack).pack.questions[0];
  if (!compiled) throw new Error('no question');
  const key = compiled.key(0).text;
  expect(await (await uploadPack(request, pack)).json()).toMatchObject({ ok: true, id: pack.id });

  const host = await HostActor.open(browser, baseURL);
  await host.selectPack(pack.id);
  const code = await host.createRoom();
  const ada = await StudentActor.open(browser, baseURL, 'Ada');
  const bob = await StudentActor.open(browser, baseURL, 'Bob');
  await ada.join(code);
  await bob.join(code);
  await host.start();

  for (const s of [ada, bob]) await s.expectQuestion(0, 'numeric');
  // The values are in the prompt and on the drawing, which can be hidden.
  await expect(ada.screen('question')).toContainText('Compute');
  await expect(ada.page.getByTestId('value-n3-n6')).toHaveText('w = -1');
  await expect(ada.page.getByTestId('value-x2')).toHaveText('-0.7');
  await expect(ada.page.locator('[data-testid="value-n4"]')).toHaveText('b = 0.1');
  await ada.page.getByTestId('toggle-values').tap();
  await expect(ada.page.getByTestId('value-n3-n6')).toHaveCount(0);
  await ada.page.getByTestId('toggle-values').tap();
  await expect(ada.page.getByTestId('value-n3-n6')).toHaveText('w = -1');
  await expectNoHorizontalScroll(ada.page);
  await snap(ada.page, testInfo, 'numeric-01-question');

  // Ada types the key on the keypad; an unreadable number cannot be sent.
  const pad = ada.page.getByRole('group', { name: 'Number keypad' });
  for (const k of '1/0') await pad.locator(`[data-key="${k}"]`).tap();
  await expect(ada.page.getByTestId('preview-problem')).toBeVisible();
  await expect(ada.page.getByTestId('submit-answer')).toBeDisabled();
  await pad.locator('[data-key="clear"]').tap();
  for (const k of key) await pad.locator(`[data-key="${k}"]`).tap();
  await ada.expectPreviewRead();
  await ada.submit();
  await ada.expectAnswerReceived();

  // Bob leaves out the path through n_4: 0.0024785 (only the path through n_3), typed as scientific notation.
  await bob.page.getByTestId('numeric-text').fill('2.4785e-3');
  await expect(bob.page.getByTestId('answer-preview')).toContainText('= 0.0024785');
  await bob.submit();

  await ada.expectScreen('reveal');
  await bob.expectScreen('reveal');
  expect((await ada.result()).verdict).toBe('correct');
  expect((await bob.result()).verdict).toBe('wrong');
  await snap(bob.page, testInfo, 'numeric-02-student-reveal');
  await expect(bob.page.getByTestId('result-notes')).toContainText('without the path E → n6 → n4 → n1 → (v1,1)d');

  await host.expectScreen('reveal');
  await expect(host.page.getByTestId('host-key')).toContainText('0.00352531');
  await expect(host.page.getByTestId('value-n4')).toContainText('∂E/∂n = -0.189');
  await snap(host.page, testInfo, 'numeric-03-host-reveal');
  await expect(host.page.getByTestId('mistakes').locator('li[data-code="numeric/missing-path"]')).toContainText('1 student');

  await ada.close();
  await bob.close();
  await host.close();
});
