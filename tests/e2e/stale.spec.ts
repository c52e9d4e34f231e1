import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';

describe('proxy stopped: the panel paints from its cache and says it is stale', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close().catch(() => undefined);
  });

  it('shows the last known numbers marked stale, how to start the proxy, and the badge says off', async () => {
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=card-picklists]', { timeout: 15_000 });
    const picklists = proxy.store.summary().categories.find((c) => c.category === 'picklists')!.openErrors;
    await proxy.close();

    await panel.reload();
    await panel.waitForSelector('[data-testid=connection][data-state=unreachable]', { timeout: 15_000 });
    await panel.waitForSelector('[data-testid=stale]');
    const shown = await panel.$eval(
      '[data-testid=card-picklists] [data-field=errors]',
      (el) => el.textContent,
    );
    expect(Number(shown)).toBe(picklists);
    expect(await panel.$eval('[data-testid=connection]', (el) => el.textContent)).toContain('npm start');
    const firstPaint = await panel.evaluate(
      () => performance.getEntriesByName('first-summary-paint')[0]?.startTime ?? -1,
    );
    expect(firstPaint).toBeGreaterThan(0);
    console.log(
      `[figure] side panel first paint from cache: ${Math.round(firstPaint)} ms after navigation start`,
    );
    if (process.env.E2E_SCREENSHOTS) {
      mkdirSync(process.env.E2E_SCREENSHOTS, { recursive: true });
      await panel.screenshot({ path: join(process.env.E2E_SCREENSHOTS, 'stale.png') });
    }
    const worker = await session.worker();
    for (let i = 0; i < 200 && (await worker.evaluate(() => chrome.action.getBadgeText({}))) !== 'off'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await worker.evaluate(() => chrome.action.getBadgeText({}))).toBe('off');
  });
});
