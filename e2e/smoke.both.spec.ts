import { expect, test } from '@playwright/test';

test('the home page connects its socket and the health endpoint answers', async ({ page, request }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'gradflow' })).toBeVisible();
  await expect(page.getByTestId('socket-status')).toHaveText('Connected');
  await expect(page.getByTestId('socket-status')).toHaveAttribute('data-state', 'connected');

  const health = await request.get('/healthz');
  expect(health.status()).toBe(200);
  const body = (await health.json()) as { status: string; store: string; clients: number; version: string };
  expect(body.status).toBe('ok');
  // The default install keeps everything in the data dir's SQLite database.
  expect(body.store).toBe('sqlite');
  expect(body.clients).toBeGreaterThanOrEqual(1);
  expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
});
