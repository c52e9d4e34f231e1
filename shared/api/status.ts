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

/**
 * Which replica runs the sync (`serve --database` with several replicas on one PostgreSQL; issue 18): the one
 * holding the leader lock. The local proxy is one replica that always leads.
 */
export interface ReplicaStatus {
  /** This replica's name (SYNC_HEALTH_REPLICA, or host:pid). */
  replica: string;
  /** `leader`: this replica runs the sync; `standby`: it serves the health and hands actions to the leader. */
  role: 'leader' | 'standby';
  /** The replica running the sync and since when (ms); null in the seconds between a leader's death and the takeover. */
  leader: { replica: string; since: number } | null;
}

export interface StatusResponse {
  ok: true;
  version: string;
  /**
   * Null while no sync runs (connected mode with an account disconnected), and for a caller without a valid
   * token (an admin's or a viewer's): the org's and portal's ids and names are not for anyone on the machine.
   */
  identity: StoreIdentity | null;
  /**
   * Who runs the sync, in words and as fields; absent while no sync runs. The replicas' names (by default
   * their host names and process ids) are the server's inside: only a caller with an admin's token gets
   * them; anyone else (no token, a viewer) gets the roles and times with `replica` and `leader.replica` left out.
   */
  replica?: {
    replica?: string;
    role: ReplicaStatus['role'];
    leader: { replica?: string; since: number } | null;
    since: string | null;
    summary: string;
  };
}
