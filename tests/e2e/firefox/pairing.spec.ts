import { describe, expect, it } from 'vitest';
import { setupFile, startTestProxy } from '../fixture';
import { launchFirefoxWithExtension } from './fixture';

describe('Firefox: first run and pairing in the sidebar page', () => {
  const env = setupFile({ proxy: startTestProxy, browser: launchFirefoxWithExtension, pair: false });

  it('the sidebar page asks for the token on first run and pairs with the one pasted there', async () => {
    const panel = await env.session.open('sidepanel.html');
    const status = await panel.waitForSelector('[data-testid=connection][data-state=not-paired]', {
      timeout: 15_000,
    });
    expect(await status?.evaluate((el) => el.textContent)).toContain('prints a pairing token');
    await panel.waitForSelector('[data-testid=first-run] input[name=token]');
    await panel.$eval('[data-testid=first-run] input[name=url]', (el) => {
      (el as HTMLInputElement).value = '';
    });
    await panel.type('[data-testid=first-run] input[name=url]', env.proxy.url);
    await panel.type('[data-testid=first-run] input[name=token]', env.proxy.token);
    await panel.click('[data-testid=first-run] button[type=submit]');
    const connected = await panel.waitForSelector('[data-testid=connection][data-state=connected]', {
      timeout: 15_000,
    });
    expect(await connected?.evaluate((el) => el.textContent)).toContain('Connected');
    await panel.close();
  });

  it('the sidebar page says the pairing token is wrong when it is', async () => {
    await env.session.pair(env.proxy.url, 'not-the-token');
    const panel = await env.session.open('sidepanel.html');
    const status = await panel.waitForSelector('[data-testid=connection][data-state=not-paired]', {
      timeout: 15_000,
    });
    expect(await status?.evaluate((el) => el.textContent)).toContain('pairing token is wrong');
    await panel.close();
  });
});
