import type { Page } from 'puppeteer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ExtensionSession, launchWithExtension, startTestProxy } from './fixture';
import { retype } from './pages/retype';

async function pair(session: ExtensionSession, url: string, token: string): Promise<Page> {
  const options = await session.open('options.html');
  await options.waitForSelector('input[name=url]');
  await retype(options, 'input[name=url]', url);
  await options.type('input[name=token]', token);
  await options.click('button[type=submit]');
  await options.waitForFunction(
    () => document.querySelector('[data-testid=options-status]')?.textContent?.trim() !== '',
    { polling: 100 },
  );
  return options;
}

const connectionState = (page: Page, state: string) =>
  page.waitForSelector(`[data-testid=connection][data-state=${state}]`, { timeout: 10_000 });

describe('first run and pairing', () => {
  let session: ExtensionSession;
  let proxy: Awaited<ReturnType<typeof startTestProxy>>;

  beforeEach(async () => {
    proxy = await startTestProxy();
    session = await launchWithExtension();
  });
  afterEach(async () => {
    await session?.close();
    await proxy?.close();
  });

  it('the options page saves the proxy address and pairing token', async () => {
    const options = await pair(session, proxy.url, proxy.token);
    expect(await options.$eval('[data-testid=options-status]', (el) => el.textContent)).toBe('Saved.');
    await options.reload();
    await options.waitForFunction(
      () => (document.querySelector('input[name=token]') as HTMLInputElement | null)?.value !== '',
      { polling: 100 },
    );
    expect(await options.$eval('input[name=url]', (el) => (el as HTMLInputElement).value)).toBe(proxy.url);
  });

  it('the options page refuses plain http to another computer', async () => {
    const options = await pair(session, 'http://example.com', 'x');
    expect(await options.$eval('[data-testid=options-status]', (el) => el.textContent)).toContain(
      '127.0.0.1',
    );
  });

  it('the side panel says the proxy is connected once paired', async () => {
    await pair(session, proxy.url, proxy.token);
    const panel = await session.open('sidepanel.html');
    const status = await connectionState(panel, 'connected');
    expect(await status?.evaluate((el) => el.textContent)).toContain('Connected');
  });

  it('the side panel asks for pairing when the token is wrong', async () => {
    await pair(session, proxy.url, 'not-the-token');
    const panel = await session.open('sidepanel.html');
    const status = await connectionState(panel, 'not-paired');
    expect(await status?.evaluate((el) => el.textContent)).toContain('pairing token is wrong');
  });

  it('on first run the side panel says where the token comes from and pairs with the one pasted there', async () => {
    const panel = await session.open('sidepanel.html');
    const status = await connectionState(panel, 'not-paired');
    expect(await status?.evaluate((el) => el.textContent)).toContain('prints a pairing token');
    await panel.waitForSelector('[data-testid=first-run] input[name=token]');
    await retype(panel, '[data-testid=first-run] input[name=url]', proxy.url);
    await panel.type('[data-testid=first-run] input[name=token]', proxy.token);
    await panel.click('[data-testid=first-run] button[type=submit]');
    await connectionState(panel, 'connected');
  });

  it('the side panel says how to start the proxy when nothing answers', async () => {
    const url = proxy.url;
    await proxy.close();
    await pair(session, url, 'whatever');
    const panel = await session.open('sidepanel.html');
    const status = await connectionState(panel, 'unreachable');
    expect(await status?.evaluate((el) => el.textContent)).toContain('npm start');
  });
});
