/** @module Contract of GET /api/v1/status: liveness, and whose data the proxy is showing. */

/**
 * The accounts a store belongs to. Each identity has its own store folder, so a sandbox trial and a
 * connected org never share links, cursors, the queue, errors, history or settings.
 */
export interface StoreIdentity {
  kind: 'sandbox' | 'connected';
  /** The store folder's name under `<data-dir>/stores/`: `sandbox`, `sandbox-fresh-org`, `<orgId>-<portalId>`. */
  key: string;
  /** What the panel header shows: "Sandbox", or the org and the portal. */
  label: string;
  orgId?: string;
  /** The Salesforce org's name (Organization.Name), once read. */
  orgName?: string;
  portalId?: string;
}

export interface StatusResponse {
  ok: true;
  version: string;
  /** Null while no sync runs (connected mode with an account disconnected). */
  identity: StoreIdentity | null;
}
