/** @module What every route of the sandbox org shares: the live state, the clock, where it is mounted, and persistence. */
import type { Context } from 'hono';
import type { FaultQueue } from './faults';
import type { OrgState } from './org-state';
import type { StreamingTraffic } from './streaming-traffic';

export interface SandboxDeps {
  state: () => OrgState;
  now: () => number;
  basePath: string;
  tokenTtlSeconds: number;
  faults: FaultQueue;
  /** The Streaming API's messages received, and the interruptions planted on one object's connection. */
  streaming: StreamingTraffic;
  persist: () => void;
  /**
   * Counts requests served under /services/data/**, independent of anything the proxy counts; `writes`
   * counts those that may change records (a dry run must leave it unchanged); `queries` the SOQL calls
   * (`query`, `queryAll` and each further page); `charged` those counted against the daily limit (a
   * request refused for its session, or over the limit, is served but not charged).
   */
  counters: { requests: number; writes: number; queries: number; charged: number };
  /** The last requests served under /services/data/** as `METHOD path` (path after the version), oldest first. */
  requestLog: string[];
  /** The largest Bulk API 2.0 upload (default 150 MB, Salesforce's); tests lower it. */
  bulkUploadLimitBytes?: number;
  /** Records Bulk API 2.0 ingest accepts per rolling 24 hours (default 150,000,000); tests lower it. */
  bulkRecordsPerDay?: number;
}

/** The origin the caller used plus the mount path: what instance_url and id URLs are built from. */
export function instanceUrl(c: Context, basePath: string): string {
  return `${new URL(c.req.url).origin}${basePath}`;
}

/** `/services/data/v62.0/sobjects/Account/001…`, prefixed with the mount path so that it resolves against the host. */
export function recordUrlOf(basePath: string, version: string) {
  return (type: string, id: string) => `${basePath}/services/data/${version}/sobjects/${type}/${id}`;
}
