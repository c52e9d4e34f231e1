/**
 * @module On a CRM or Salesforce record page, the tab's badge shows that record's own open errors (from
 * GET /records/lookup) instead of the global count; every other tab keeps the global badge.
 */
import { browser } from '#imports';
import type { RecordLookupAnswer } from '../../shared/api/control';
import { parseRecordUrl, type RecordRef } from '../../shared/record-url';
import { recordUrlOptions } from '../settings/proxy-settings';
import { type BadgeLook, recordBadgeFor } from './badge';
import { recordBadgeTabs } from './live-storage';

/** chrome.action in MV3; browserAction in Firefox's MV2 build. */
export type ActionApi = typeof browser.action;

export interface RecordBadgeOptions {
  action: ActionApi;
  /** The record a tab shows, as record tracking knows it (null: none, or not reported yet). */
  recordForTab(tabId: number): Promise<RecordRef | null>;
  /** GET /records/lookup; null while the proxy is not live. */
  lookup(ref: RecordRef): Promise<RecordLookupAnswer> | null;
}

export function createRecordBadges(o: RecordBadgeOptions) {
  let global: BadgeLook | null = null;
  let live = false;
  // Lookups may finish out of order: only the newest one per tab is painted.
  const seq = new Map<number, number>();

  async function refRead(tabId: number): Promise<RecordRef | null> {
    // Record tracking restores what a stopped worker knew; a tab it never heard of is read from its URL.
    const known = await o.recordForTab(tabId);
    if (known) return known;
    const tab = await browser.tabs.get(tabId).catch(() => null);
    return tab?.url ? parseRecordUrl(tab.url, await recordUrlOptions()) : null;
  }

  async function paint(tabId: number, ref?: RecordRef | null): Promise<void> {
    if (!global) return;
    const mine = (seq.get(tabId) ?? 0) + 1;
    seq.set(tabId, mine);
    const record = ref === undefined ? await refRead(tabId) : ref;
    const answer = record && live ? await o.lookup(record)?.catch(() => null) : null;
    if (seq.get(tabId) !== mine || !global) return;
    const look = answer ? recordBadgeFor(answer, global) : null;
    const tabs = await recordBadgeTabs.getValue();
    if (!look && !tabs.includes(tabId)) return;
    if (!tabs.includes(tabId)) await recordBadgeTabs.setValue([...tabs, tabId]);
    // A tab once overridden stays in the list and gets the global look back explicitly: Chrome can
    // reset a tab's badge text (null) but not its title or colour.
    const shown = look ?? global;
    await Promise.all([
      o.action.setBadgeText({ tabId, text: look ? look.text : (null as unknown as string) }),
      o.action.setBadgeBackgroundColor({ tabId, color: shown.color }),
      o.action.setTitle({ tabId, title: shown.title }),
    ]).catch((err: unknown) => console.warn('tab badge failed', tabId, err));
  }

  return {
    /** The global badge changed (counts arrived, or the proxy went away): repaint every record tab. */
    globalChanged(look: BadgeLook, isLive: boolean): void {
      global = look;
      live = isLive;
      void recordBadgeTabs.getValue().then(async (tabs) => {
        const all = await browser.tabs.query({});
        const open = new Set(all.map((t) => t.id));
        const kept = tabs.filter((id) => open.has(id));
        if (kept.length !== tabs.length) await recordBadgeTabs.setValue(kept);
        const options = await recordUrlOptions();
        const records = all.filter((t) => t.url && parseRecordUrl(t.url, options));
        const ids = new Set([...kept, ...records.map((t) => t.id!)]);
        for (const id of ids) void paint(id);
      });
    },
    /** A tab now shows another record (or none): from record tracking's onTabRecordChanged. */
    tabChanged(tabId: number, ref: RecordRef | null): void {
      void paint(tabId, ref);
    },
    tabRemoved(tabId: number): void {
      seq.delete(tabId);
      void recordBadgeTabs
        .getValue()
        .then((tabs) => recordBadgeTabs.setValue(tabs.filter((t) => t !== tabId)));
    },
  };
}

export type RecordBadges = ReturnType<typeof createRecordBadges>;
