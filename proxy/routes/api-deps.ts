/** @module What the health API's routes receive: the running sync (once started) and how to link records. */
import type { CrmConnector } from '../crm/types';
import type { Replica } from '../runtime/replica';
import type { SetupService } from '../setup/setup-service';
import type { Store } from '../store/index';
import type { SyncEngine } from '../sync/engine';

/** The sync as the routes see it; null while it is still starting (routes answer 503). */
export interface RunningSync {
  engine: SyncEngine;
  store: Store;
  crm: CrmConnector;
  /** What record-page URLs on both sides are built from (shared/view-links). */
  links: { instanceUrl: string; crmUiBaseUrl: string; portalId: string };
  /** The setup check and "Create missing fields" (GET /setup, POST /setup/apply). */
  setup?: SetupService;
  /** This replica of the sync (proxy/runtime/replica.ts): who leads, and the event bus between replicas. */
  replica?: Replica;
}

export interface ApiDeps {
  sync: () => RunningSync | null;
  now?: () => number;
  /** Heartbeat interval of GET /events (tests shorten it). */
  heartbeatMs?: number;
}
