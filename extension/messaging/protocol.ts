/**
 * @module The one messaging protocol between the extension's contexts (content scripts, background,
 * side panel, options). One documented entry per message; add entries here, never ad-hoc listeners.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { NotificationSettings } from '../../shared/api/control';
import type { HealthSummaryResponse } from '../../shared/health-summary';
import type { RecordRef } from '../../shared/record-url';

export interface ProtocolMap {
  /** Content script → background: the page now shows this record (null: not a record page). Sent on load and on every in-app navigation. */
  recordDetected(data: { ref: RecordRef | null; url: string }): void;
  /** Side panel → background: the record shown in the active tab of the panel's window, if any. */
  activeRecord(data: { windowId?: number }): RecordRef | null;
  /** Background → side panel: the active tab now shows this record (or none). */
  activeRecordChanged(data: { ref: RecordRef | null }): void;
  /** Background → side panel: open this view (a notification was clicked). */
  openView(data: { view: 'overview' | 'category' | 'record' | 'settings'; category?: string }): void;
  /** Side panel / options → background: the proxy address or token changed; reconnect the event stream now. */
  reconnect(): void;
  /** Background → side panel: the proxy's counts changed (a `counts` event arrived on the live stream). */
  healthChanged(data: { summary: HealthSummaryResponse }): void;
  /** Side panel → background: the live connection as the badge shows it. */
  liveStatus(): LiveStatus;
  /** Side panel → background: the notification settings were saved to the proxy; notify (or digest) by them now. */
  notificationSettingsChanged(data: NotificationSettings): void;
}

/** What the background knows about the proxy right now. */
export type LiveStatus =
  | { kind: 'live'; summary: HealthSummaryResponse; since: number }
  | { kind: 'connecting' }
  | { kind: 'not-paired'; message: string }
  | { kind: 'unreachable'; message: string; retryAt: number };

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
