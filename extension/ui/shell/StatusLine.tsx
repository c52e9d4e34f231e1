import { formatWhen } from '../format';
import { OFFLINE_REASON_ID, viewerReason } from './proxy-offline';
import type { Health } from './use-health';

/** "npm start" in a message, shown as the command it is. */
function withCommand(text: string) {
  const [before, after] = text.split(/"?npm start"?/);
  return after === undefined ? (
    text
  ) : (
    <>
      {before}
      <code>npm start</code>
      {after}
    </>
  );
}

/**
 * The one place that says whether the proxy answers: connected (quietly), not paired (with the first-run
 * path) or unreachable (with how to start it). Disabled actions elsewhere point here (OFFLINE_REASON_ID).
 */
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
        {props.health.summaryError ? (
          <>
            Connected, but the sync did not give its status: {props.health.summaryError}{' '}
            <button type="button" class="secondary small" onClick={props.health.refresh}>
              Retry
            </button>
          </>
        ) : connection.user?.email ? (
          // A shared server: say who, and for a viewer why the actions are off (disabled ones point here).
          <>
            Connected as {connection.user.email}
            {connection.user.role === 'viewer' ? (
              <span id={OFFLINE_REASON_ID} class="muted" data-testid="viewer-reason">
                {' '}
                — {viewerReason()}
              </span>
            ) : null}
          </>
        ) : (
          'Connected'
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
      {connection.kind === 'not-paired' ? (
        <p id={OFFLINE_REASON_ID}>
          {connection.message} Start the proxy with <code>npm start</code> in the sync-health folder: it
          prints a pairing token. Paste it below.
        </p>
      ) : (
        <p id={OFFLINE_REASON_ID}>{withCommand(connection.message)}</p>
      )}
      {stale && fetchedAt && (
        <p data-testid="stale" class="stale">
          Showing the numbers as of {formatWhen(fetchedAt)}; they may be out of date.
        </p>
      )}
      {connection.kind === 'unreachable' && (
        <button type="button" class="secondary small" onClick={props.health.refresh}>
          Retry
        </button>
      )}
    </div>
  );
}
