import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProxy } from '../fixture';
import { type FirefoxSession, launchFirefoxWithExtension } from './fixture';

describe('Firefox: first run and pairing in the sidebar page', () => {
  let session: FirefoxSession;
  let proxy: Awaited<ReturnType<typeof startTestProxy>>;

  beforeAll(async () => {
    proxy = await startTestProxy();
    session = await launchFirefoxWithExtension();
  });
  afterAll(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('the sidebar page asks for the token on first run and pairs with the one pasted there', async () => {
    const panel = await session.open('sidepanel.html');
    const status = await panel.waitForSelector('[data-testid=connection][data-state=not-paired]', {
      timeout: 15_000,
    });
    expect(await status?.evaluate((el) => el.textContent)).toContain('prints a pairing token');
    await panel.waitForSelector('[data-testid=first-run] input[name=token]');
    await panel.$eval('[data-testid=first-run] input[name=url]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await panel.type('[data-testid=first-run] input[name=url]', proxy.url);
    await panel.type('[data-testid=first-run] input[name=token]', proxy.token);
    await panel.click('[data-testid=first-run] button[type=submit]');
    const connected = await panel.waitForSelector('[data-testid=connection][data-state=connected]', {
      timeout: 15_000,
    });
    expect(await connected?.evaluate((el) => el.textContent)).toContain('Connected');
    await panel.close();
  });

  it('the sidebar page says the pairing token is wrong when it is', async () => {
    await session.pair(proxy.url, 'not-the-token');
    const panel = await session.open('sidepanel.html');
    const status = await panel.waitForSelector('[data-testid=connection][data-state=not-paired]', {
      timeout: 15_000,
    });
    expect(await status?.evaluate((el) => el.textContent)).toContain('pairing token is wrong');
    await panel.close();
  });
});
