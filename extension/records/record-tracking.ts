/**
 * @module Background side of record detection: which record each tab shows. The content scripts report
 * it (and follow in-app navigation); a tab without one (opened before the extension was installed) is
 * read from its URL. The side panel asks for the active tab's record and hears when it changes. The map
 * is kept in session storage (tab-records) so a restarted service worker still knows it.
 */
import { browser } from '#imports';
import { parseRecordUrl, type RecordRef } from '../../shared/record-url';
import { onMessage, sendMessage } from '../messaging/protocol';
import { recordUrlOptions } from '../settings/proxy-settings';
import { createTabRecords, type TabRecords } from './tab-records';

let tabs: TabRecords | null = null;
// Created on first use, not at import: the storage item needs the extension APIs of a running worker.
const byTab = (): TabRecords => {
  tabs ??= createTabRecords();
  return tabs;
};
const listeners = new Set<(tabId: number, ref: RecordRef | null) => void>();

/** The record tab `tabId` shows, if known (once what a stopped worker saved is restored). */
export async function recordForTab(tabId: number): Promise<RecordRef | null> {
  await byTab().ready;
  return byTab().get(tabId);
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

async function setTabRecord(tabId: number, ref: RecordRef | null): Promise<void> {
  await byTab().ready;
  if (byTab().has(tabId) && same(byTab().get(tabId), ref)) return;
  byTab().set(tabId, ref);
  for (const cb of listeners) cb(tabId, ref);
  void activeTab().then((tab) => {
    if (tab?.id === tabId) sendMessage('activeRecordChanged', { ref }).catch(() => undefined /* no panel */);
  });
}

/** The tab's record as tracked, else as its URL says (a tab no content script reported on). */
async function recordShown(tab: { id?: number; url?: string }): Promise<RecordRef | null> {
  await byTab().ready;
  if (tab.id !== undefined && byTab().has(tab.id)) return byTab().get(tab.id);
  return tab.url ? parseRecordUrl(tab.url, await recordUrlOptions()) : null;
}

export function startRecordTracking(): void {
  byTab();
  onMessage('recordDetected', ({ data, sender }) => {
    if (sender.tab?.id !== undefined) void setTabRecord(sender.tab.id, data.ref);
  });
  onMessage('activeRecord', async ({ data }) => {
    const tab = await activeTab(data.windowId);
    return tab?.id === undefined ? null : recordShown(tab);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    // No content script runs on a shared server's sandbox pages (its address is the admin's): its URL tells.
    const url = change.url;
    if (url) void recordUrlOptions().then((options) => setTabRecord(tabId, parseRecordUrl(url, options)));
  });
  browser.tabs.onActivated.addListener(async ({ tabId }) => {
    const ref = await recordShown(await browser.tabs.get(tabId));
    sendMessage('activeRecordChanged', { ref }).catch(() => undefined);
  });
  browser.tabs.onRemoved.addListener((tabId) => {
    void byTab().ready.then(() => byTab().delete(tabId));
  });
}
