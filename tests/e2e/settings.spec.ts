import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startSandboxTestProxy } from './fixture';

describe('settings reach the proxy', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startSandboxTestProxy>>;
  beforeAll(async () => {
    proxy = await startSandboxTestProxy();
    session = await launchWithExtension();
    await session.pair(proxy.url, proxy.token);
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('saves notification frequency and the usage warning to the proxy', async () => {
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=connection][data-state=connected]', { timeout: 15_000 });
    await panel.click('[data-testid=tab-settings]');
    await panel.waitForSelector('[data-testid=notification-form] input[value=weekly]');
    await panel.click('[data-testid=notification-form] input[value=weekly]');
    await panel.$eval('input[name=usageWarningPercent]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await panel.type('input[name=usageWarningPercent]', '65');
    await panel.click('[data-testid=notification-form] button[type=submit]');
    await panel.waitForSelector('[data-testid=notif-status]');
    expect(await panel.$eval('[data-testid=notif-status]', (el) => el.textContent)).toBe('Saved.');
    expect(proxy.store.settings().notifications).toEqual({
      enabled: true,
      frequency: 'weekly',
      usageWarningPercent: 65,
    });
  });

  it('refuses a usage warning above 100 without saving it', async () => {
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=connection][data-state=connected]', { timeout: 15_000 });
    await panel.click('[data-testid=tab-settings]');
    await panel.waitForSelector('input[name=usageWarningPercent]');
    const before = proxy.store.settings().notifications;
    await panel.$eval('input[name=usageWarningPercent]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await panel.type('input[name=usageWarningPercent]', '150');
    await panel.click('[data-testid=notification-form] button[type=submit]');
    await panel.waitForSelector('[data-testid=notif-status]');
    expect(await panel.$eval('[data-testid=notif-status]', (el) => el.textContent)).toContain('1 to 100');
    expect(proxy.store.settings().notifications).toEqual(before);
  });

  it('edits the allocation inline on the overview and the proxy keeps it', async () => {
    const panel = await session.open('sidepanel.html');
    await panel.waitForSelector('[data-testid=usage]', { timeout: 15_000 });
    const [change] = await panel.$$('xpath/.//button[contains(., "Change allocation")]');
    await change!.click();
    await panel.$eval('input[name=allocation]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await panel.type('input[name=allocation]', '2500');
    await panel.click('.inline-form button[type=submit]');
    await panel.waitForSelector('#allocation-note');
    expect(await panel.$eval('#allocation-note', (el) => el.textContent)).toContain('to 2500');
    expect(proxy.store.settings().allocation).toBe(2500);
    await panel.waitForFunction(() =>
      document.querySelector('[data-testid=usage]')?.textContent?.includes('2,500'),
    );
  });
});
