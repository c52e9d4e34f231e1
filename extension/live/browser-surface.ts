/**
 * @module Where the panel lives and where the badge is drawn, per browser, chosen at build time.
 * Chrome (MV3): the side panel (`chrome.sidePanel`) and `action`. Firefox (WXT's MV2 build): the sidebar
 * (`sidebar_action` in the manifest, `browser.sidebarAction`) and `browserAction`. `import.meta.env.FIREFOX`
 * is a constant in each build, so the other browser's branch is dropped from the bundle.
 */
import { browser } from '#imports';
import type { ActionApi } from './record-badge';

interface SidebarActionApi {
  open(): Promise<void>;
  toggle(): Promise<void>;
}

const sidebarAction = (): SidebarActionApi | undefined =>
  (browser as unknown as { sidebarAction?: SidebarActionApi }).sidebarAction;

/** The toolbar button: `action` in Chrome's MV3 build, `browserAction` in Firefox's MV2 build. */
export function toolbarAction(): ActionApi {
  if (import.meta.env.FIREFOX && import.meta.env.MANIFEST_VERSION === 2)
    return (browser as unknown as { browserAction: ActionApi }).browserAction;
  return browser.action;
}

/** The toolbar button opens the panel: Chrome's side panel by its behaviour, Firefox's sidebar by a toggle. */
export function openPanelOnToolbarClick(): void {
  if (import.meta.env.FIREFOX) {
    // Inside the click's user gesture (no await before it), as Firefox requires for sidebarAction.
    toolbarAction().onClicked.addListener(() => {
      sidebarAction()
        ?.toggle()
        .catch((err: unknown) => console.warn('sidebarAction.toggle failed', err));
    });
    return;
  }
  (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel
    ?.setPanelBehavior({ openPanelOnActionClick: true })
    .catch((err: unknown) => console.warn('sidePanel.setPanelBehavior failed', err));
}

/**
 * Opens the panel from a user gesture (a notification click): Chrome's side panel in `windowId`, Firefox's
 * sidebar (which may refuse outside a toolbar click; the caller leaves the pending view for it either way).
 */
export function openPanel(windowId: number | undefined): void {
  if (import.meta.env.FIREFOX) {
    sidebarAction()
      ?.open()
      .catch(() => undefined);
    return;
  }
  const sidePanel = (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel;
  if (sidePanel && windowId !== undefined) sidePanel.open({ windowId }).catch(() => undefined);
}
