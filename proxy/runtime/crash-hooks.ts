/**
 * @module The crash tests' kill points for a whole `sync-health serve` process (the failover test kills the
 * replica running the sync exactly there): SYNC_CRASH_AT=<hook>:<crm type> sends this process SIGKILL the
 * first time the engine reaches that named point for that type. Unset (always, outside tests): no hooks.
 */
import type { SyncHooks } from '../sync/contexts';

export function crashHooksFromEnv(env: NodeJS.ProcessEnv = process.env): SyncHooks | undefined {
  const [point, crmType] = (env.SYNC_CRASH_AT ?? '').split(':');
  if (!point || !crmType) return undefined;
  const die = (type: string) => {
    if (type === crmType) process.kill(process.pid, 'SIGKILL');
  };
  switch (point) {
    case 'after-results-stored':
      return { afterResultsStored: ({ crmType: t }) => die(t) };
    case 'after-batch-committed':
      return { afterBatchCommitted: ({ crmType: t }) => die(t) };
    case 'after-match-linked':
      return { afterMatchLinked: ({ crmType: t }) => die(t) };
    case 'after-crm-created':
      return { afterCrmCreated: ({ crmType: t }) => die(t) };
    default:
      throw new Error(
        `SYNC_CRASH_AT="${env.SYNC_CRASH_AT}": unknown point "${point}". Options: after-results-stored, after-batch-committed, after-match-linked, after-crm-created`,
      );
  }
}
