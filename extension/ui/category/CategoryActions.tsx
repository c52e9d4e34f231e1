import type { ComponentChildren } from 'preact';
import { OFFLINE_REASON_ID, useOfflineReason } from '../shell/proxy-offline';
import type { JobProgress } from './category-api';
import { RESYNC_LIMIT, resyncSelectedState } from './resync-limit';
import type { ActionStatus, useCategoryActions } from './use-category-actions';

/** A button with its own message line under it: busy, what it did, or why it failed. */
function Action(props: {
  name: string;
  label: string;
  busyLabel: string;
  status: ActionStatus;
  onClick: () => void;
  disabled?: boolean;
  reason?: string | null;
  /** The id of a note that says why every action is off (the proxy is away); it replaces this one's. */
  offlineNote?: string;
  urgent?: boolean;
  primary?: boolean;
  children?: ComponentChildren;
}) {
  const noteId = `action-${props.name}-note`;
  const { status } = props;
  // What the last run did stays visible; only a hard limit (over 100 selected) speaks over it.
  const note =
    status.error ?? (status.busy ? null : props.urgent ? props.reason : (status.done ?? props.reason));
  return (
    <div class="action">
      <button
        type="button"
        class={props.primary ? 'primary' : undefined}
        data-testid={`action-${props.name}`}
        disabled={props.disabled || status.busy}
        aria-describedby={props.offlineNote ?? (note ? noteId : undefined)}
        onClick={props.onClick}
      >
        {status.busy ? props.busyLabel : props.label}
      </button>
      {props.children}
      <p
        id={noteId}
        class={status.error ? 'note error' : 'note'}
        role={status.error ? 'alert' : 'status'}
        data-testid={`action-${props.name}-note`}
      >
        {props.offlineNote ? null : note}
      </p>
    </div>
  );
}

function JobMeter(props: { job: JobProgress }) {
  const { job } = props;
  return (
    <>
      <progress
        max={Math.max(job.total, 1)}
        value={job.processed}
        aria-label="Resync all progress"
        data-testid="job-progress"
      />
      <p class="note">
        {job.processed} of {job.total} processed · {job.resolved} resolved
      </p>
    </>
  );
}

/** Resync selected, Resync all, Export, Create view: the row of actions above the table. */
export function CategoryActions(props: {
  actions: ReturnType<typeof useCategoryActions>;
  selectedCount: number;
  hasErrors: boolean;
}) {
  const { actions, selectedCount } = props;
  const resync = resyncSelectedState(selectedCount);
  // Every action here asks the proxy: while it is away they are off, one note under them says why.
  const offline = useOfflineReason();
  const off = offline ? { offlineNote: OFFLINE_REASON_ID, disabled: true } : {};
  const running = actions.status.resyncAll.busy && actions.job;
  return (
    <>
      <fieldset class="actions">
        <legend class="sr-only">Actions on these errors</legend>
        <Action
          name="resync"
          label={resync.label}
          busyLabel="Resyncing…"
          status={actions.status.resync}
          onClick={actions.resyncSelected}
          disabled={resync.disabled}
          reason={resync.reason}
          urgent={selectedCount > RESYNC_LIMIT}
          primary
          {...off}
        />
        <Action
          name="resync-all"
          label="Resync all"
          busyLabel="Resyncing all…"
          status={actions.status.resyncAll}
          onClick={actions.resyncAll}
          disabled={!props.hasErrors}
          {...off}
        >
          {running && <JobMeter job={actions.job!} />}
        </Action>
        <Action
          name="export"
          label="Export CSV"
          busyLabel="Exporting…"
          status={actions.status.export}
          onClick={actions.exportCsv}
          disabled={!props.hasErrors}
          {...off}
        />
        <Action
          name="view"
          label={selectedCount ? `Create view (${selectedCount})` : 'Create view'}
          busyLabel="Creating…"
          status={actions.status.view}
          onClick={actions.createView}
          disabled={!props.hasErrors}
          {...off}
        />
      </fieldset>
    </>
  );
}
