import { beforeAll, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { proxySettings } from '../settings/proxy-settings';
import { recordForTab, startRecordTracking } from './record-tracking';

const PATH = '/sandbox/hubspot/contacts/77/record/0-1/10';

/** Lets the tracking's async steps (the settings read, the session storage) settle. */
const settle = () => new Promise((r) => setTimeout(r, 20));

/** A tab that navigates to `url` (what Chrome reports through tabs.onUpdated). */
async function navigate(url: string): Promise<number> {
  const tab = await fakeBrowser.tabs.create({ url: 'about:blank' });
  await fakeBrowser.tabs.onUpdated.trigger(tab.id!, { url }, { ...tab, url });
  await settle();
  return tab.id!;
}

describe('record tracking beside a shared server (serve --sandbox --public-url)', () => {
  beforeAll(async () => {
    fakeBrowser.reset();
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
    await proxySettings.setValue({ url: 'https://sync.example.com', token: 'shp_x' });
    // Once per context: the messaging library takes one listener per message.
    startRecordTracking();
  });

  it('follows a tab to a sandbox record page on the server the extension is paired with', async () => {
    const tabId = await navigate(`https://sync.example.com${PATH}`);
    expect(await recordForTab(tabId)).toEqual({
      system: 'hubspot',
      objectType: 'contacts',
      id: '10',
      portalId: '77',
    });
  });

  it('sees no record on the same page of a server it is not paired with', async () => {
    expect(await recordForTab(await navigate(`https://other.example.com${PATH}`))).toBeNull();
  });
});
