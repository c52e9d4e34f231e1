import { openPanelOnToolbarClick } from '../../live/browser-surface';
import { startLiveHealth } from '../../live/live-health';
import { startRecordTracking } from '../../records/record-tracking';

export default defineBackground(() => {
  // The toolbar button opens the panel: Chrome's side panel, Firefox's sidebar (live/browser-surface).
  openPanelOnToolbarClick();
  startRecordTracking();
  startLiveHealth();
});
