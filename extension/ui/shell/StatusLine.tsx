import type { Health } from './use-health';

const age = (t: number) => {
  const m = Math.round((Date.now() - t) / 60_000);
  return m < 1 ? 'less than a minute' : m < 60 ? `${m} min` : `${Math.round(m / 60)} h`;
};

/** Connected, not paired (with the first-run path) or unreachable (with how to start the proxy). */
export function StatusLine(props: { health: Health }) {
  const { connection, stale, fetchedAt } = props.health;
  if (!connection)
    return (
      <p data-testid="connection" data-state="checking" class="status muted" aria-busy="true">
        Checking the proxy…
      </p>
    );
  if (connection.kind === 'connected')
    return (
      <p data-testid="connection" data-state="connected" role="status" class="status ok">
        Connected to the proxy{connection.version ? ` (v${connection.version})` : ''}
        {props.health.summaryError && (
          <>
            {' — '}
            {props.health.summaryError}{' '}
            <button type="button" class="secondary small" onClick={props.health.refresh}>
              Retry
            </button>
          </>
        )}
      </p>
    );
  return (
    <div
      data-testid="connection"
      data-state={connection.kind}
      role="status"
      class={`status banner banner-${connection.kind}`}
    >
      <p>{connection.message}</p>
      {connection.kind === 'not-paired' ? (
        <p>
          Start the proxy with <code>npm start</code> in the sync-health folder: it prints a pairing token.
          Paste it below.
        </p>
      ) : (
        <p>
          <button type="button" class="secondary small" onClick={props.health.refresh}>
            Retry
          </button>
        </p>
      )}
      {stale && fetchedAt && (
        <p data-testid="stale" class="stale">
          Showing what the proxy said {age(fetchedAt)} ago — these numbers may be out of date.
        </p>
      )}
    </div>
  );
}
