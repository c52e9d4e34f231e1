/**
 * @module Background side of record detection: which record each tab shows. The content scripts report
 * it (and follow in-app navigation); a tab without one (opened before the extension was installed) is
 * read from its URL. The side panel asks for the active tab's record and hears when it changes.
 */
import { browser } from '#imports';
import { parseRecordUrl, type RecordRef } from '../../shared/record-url';
import { onMessage, sendMessage } from '../messaging/protocol';

const byTab = new Map<number, RecordRef | null>();
const listeners = new Set<(tabId: number, ref: RecordRef | null) => void>();

/** The record tab `tabId` shows, if known. */
export function recordForTab(tabId: number): RecordRef | null {
  return byTab.get(tabId) ?? null;
}

/** Called whenever a tab's record changes (the badge may show that record's own count). */
export function onTabRecordChanged(cb: (tabId: number, ref: RecordRef | null) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

const same = (a: RecordRef | null | undefined, b: RecordRef | null) =>
  (a ?? null) === b || (a && b && a.system === b.system && a.objectType === b.objectType && a.id === b.id);

async function activeTab(windowId?: number) {
  const [tab] = await browser.tabs.query(
    windowId === undefined ? { active: true, lastFocusedWindow: true } : { active: true, windowId },
  );
  return tab;
}

function setTabRecord(tabId: number, ref: RecordRef | null): void {
  if (byTab.has(tabId) && same(byTab.get(tabId), ref)) return;
  byTab.set(tabId, ref);
  for (const cb of listeners) cb(tabId, ref);
  void activeTab().then((tab) => {
    if (tab?.id === tabId) sendMessage('activeRecordChanged', { ref }).catch(() => undefined /* no panel */);
  });
}

export function startRecordTracking(): void {
  onMessage('recordDetected', ({ data, sender }) => {
    if (sender.tab?.id !== undefined) setTabRecord(sender.tab.id, data.ref);
  });
  onMessage('activeRecord', async ({ data }) => {
    const tab = await activeTab(data.windowId);
    if (tab?.id === undefined) return null;
    return byTab.has(tab.id) ? recordForTab(tab.id) : tab.url ? parseRecordUrl(tab.url) : null;
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.url) setTabRecord(tabId, parseRecordUrl(change.url));
  });
  browser.tabs.onActivated.addListener(async ({ tabId }) => {
    const tab = await browser.tabs.get(tabId);
    const ref = byTab.has(tabId) ? recordForTab(tabId) : tab.url ? parseRecordUrl(tab.url) : null;
    sendMessage('activeRecordChanged', { ref }).catch(() => undefined);
  });
  browser.tabs.onRemoved.addListener((tabId) => byTab.delete(tabId));
}
