import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleNotificationClicks } from './live-notifications';
import { pendingView } from './live-storage';

/** Chrome's side panel API, which the fake browser does not have: records what it is asked to open. */
const opened: { windowId: number }[] = [];
(fakeBrowser as unknown as { sidePanel: unknown }).sidePanel = {
  open: async (options: { windowId: number }) => {
    opened.push(options);
  },
};
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;

describe('clicking a notification', () => {
  let lastFocused: number;
  beforeEach(async () => {
    fakeBrowser.reset();
    opened.length = 0;
    // A listening side panel. (The fake hands callback-style runtime.sendMessage calls, which the
    // messaging library makes, the callback instead of the message, so what an open panel is told is
    // not checked here; that a panel opened later shows the category is: e2e notifications spec.)
    fakeBrowser.runtime.onMessage.addListener(() => undefined);
    // The fake remembers the window focused before the current one as the last focused.
    lastFocused = (await fakeBrowser.windows.create({ focused: true })).id!;
    await fakeBrowser.windows.create({ focused: true });
  });

  it('opens the side panel in the last focused window and leaves the category for the panel to show', async () => {
    handleNotificationClicks();
    await new Promise((r) => setTimeout(r, 0)); // the handler asks for the last focused window first
    await fakeBrowser.notifications.create('errors:picklists:1700000000000', {
      type: 'basic',
      iconUrl: 'icon-128.png',
      title: 'Sync Health',
      message: '3 new picklist errors',
    });
    await fakeBrowser.notifications.onClicked.trigger('errors:picklists:1700000000000');
    expect(opened).toEqual([{ windowId: lastFocused }]);
    // A side panel that opens after the click reads the category from storage.
    expect(await pendingView.getValue()).toEqual({ view: 'category', category: 'picklists' });
    expect(await fakeBrowser.notifications.getAll()).toEqual({});
  });

  it('opens the overview, in the window focused since, for a notification about no one category', async () => {
    handleNotificationClicks();
    const since = await fakeBrowser.windows.create({});
    await fakeBrowser.windows.onFocusChanged.trigger(since.id!);
    await fakeBrowser.notifications.onClicked.trigger('usage:allocation:1700000000000');
    expect(opened).toEqual([{ windowId: since.id }]);
    expect(await pendingView.getValue()).toBeNull();
  });
});
