import { startLiveHealth } from '../../live/live-health';
import { startRecordTracking } from '../../records/record-tracking';

export default defineBackground(() => {
  // The toolbar button opens the side panel (Chrome); Firefox opens its sidebar itself.
  (globalThis as { chrome?: typeof chrome }).chrome?.sidePanel
    ?.setPanelBehavior({ openPanelOnActionClick: true })
    .catch((err: unknown) => console.warn('sidePanel.setPanelBehavior failed', err));
  startRecordTracking();
  startLiveHealth();
});
