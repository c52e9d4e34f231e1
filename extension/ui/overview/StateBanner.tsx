import { useState } from 'preact/hooks';
import type { HealthSummaryResponse } from '../../../shared/health-summary';
import type { ProxyClient } from '../../api/proxy-client';
import { useOfflineDescribedBy } from '../shell/proxy-offline';

type State = HealthSummaryResponse['state'] & { id?: string; action?: string; retryAt?: number | null };

const at = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Paused (the allocation is used up) or suspended (an org-level problem): why, until when, what to do. */
export function StateBanner(props: {
  state: State;
  client: ProxyClient | null;
  onChanged: () => Promise<void> | void;
}) {
  const { state } = props;
  const [note, setNote] = useState('');
  const offline = useOfflineDescribedBy();
  // An outage has its own banner above every view (shell/OutageBanner).
  if (state.state === 'running' || state.state === 'degraded') return null;
  const clear = async () => {
    if (!props.client || !state.id) return;
    try {
      await props.client.call('POST /suspensions/:id/clear', { params: { id: state.id } });
      setNote('Cleared: the sync tries again now.');
      await props.onChanged();
    } catch (err) {
      setNote((err as Error).message);
    }
  };
  return (
    <div class={`banner banner-${state.state}`} role="alert" data-testid="state-banner">
      {state.state === 'paused' ? (
        <p>
          <strong>Sync paused.</strong> {state.reason}
          {state.cause === 'headroom'
            ? ` It checks the org's usage again at ${at(state.resumeAt)}.`
            : state.resumeAt
              ? ` It resumes by ${at(state.resumeAt)}, or raise the allocation below.`
              : ''}
        </p>
      ) : (
        <>
          <p>
            <strong>Sync suspended.</strong> {state.reason}
          </p>
          {state.action && <p>{state.action}</p>}
          {state.id && (
            <>
              <button type="button" onClick={clear} disabled={!props.client} aria-describedby={offline}>
                I fixed it — clear the suspension
              </button>
            </>
          )}
        </>
      )}
      {note && <p role="status">{note}</p>}
    </div>
  );
}
