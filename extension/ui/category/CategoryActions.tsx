import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { OFFLINE_REASON_ID, useOfflineReason, viewerReason } from '../shell/proxy-offline';
import type { JobProgress } from './category-api';
import { RESYNC_LIMIT, resyncSelectedState } from './resync-limit';
import type { ActionName, ActionStatus, useCategoryActions } from './use-category-actions';

type Actions = ReturnType<typeof useCategoryActions>;

const count = new Intl.NumberFormat();

/** A button, with a hint under it that says why it is off (read with it by screen readers). */
function Action(props: {
  name: string;
  label: string;
  busyLabel: string;
  status: ActionStatus;
  /** May be async: its failure is shown in the status area by the action itself (use-category-actions). */
  onClick: () => Promise<void> | void;
  disabled?: boolean;
  hint?: string | null;
  /** Set while the proxy is away: the shell's one banner says why, instead of a hint per button. */
  offline?: boolean;
  primary?: boolean;
}) {
  const hintId = `action-${props.name}-hint`;
  const hint = props.offline || props.status.busy ? null : props.hint;
  return (
    <div class="action">
      <button
        type="button"
        class={props.primary ? 'primary' : 'secondary'}
        data-testid={`action-${props.name}`}
        disabled={props.disabled || props.offline || props.status.busy}
        aria-describedby={props.offline ? OFFLINE_REASON_ID : hint ? hintId : undefined}
        onClick={() => void props.onClick()}
      >
        {props.status.busy ? props.busyLabel : props.label}
      </button>
      {hint && (
        <p id={hintId} class="hint" data-testid={`action-${props.name}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}

function JobMeter(props: { job: JobProgress }) {
  const { job } = props;
  return (
    <div class="job">
      <progress
        max={Math.max(job.total, 1)}
        value={job.processed}
        aria-label="Resync all progress"
        data-testid="job-progress"
      />
      <span>
        {count.format(job.processed)} of {count.format(job.total)} done · {count.format(job.resolved)}{' '}
        resolved
      </span>
    </div>
  );
}

const STATUS_ORDER: readonly [ActionName, string][] = [
  ['resync', 'resync'],
  ['resyncAll', 'resync-all'],
  ['export', 'export'],
  ['view', 'view'],
];

/**
 * What the actions did, in one place above the table: each outcome stays until dismissed (or the action
 * runs again). Successes are announced politely; failures are alerts.
 */
function StatusArea(props: { actions: Actions; children?: ComponentChildren }) {
  const { status } = props.actions;
  const shown = STATUS_ORDER.filter(([name]) => status[name].done || status[name].error);
  return (
    <div class="action-status" role="status" aria-live="polite" data-testid="action-status">
      {props.children}
      {shown.map(([name, testName]) => {
        const s = status[name];
        return (
          <p
            key={name}
            class={s.error ? 'outcome-line error' : 'outcome-line'}
            role={s.error ? 'alert' : undefined}
          >
            <span data-testid={`action-${testName}-note`}>{s.error ?? s.done}</span>
            <button
              type="button"
              class="link dismiss"
              onClick={() => props.actions.dismiss(name)}
              aria-label={`Dismiss: ${s.error ?? s.done}`}
            >
              Dismiss
            </button>
          </p>
        );
      })}
    </div>
  );
}

/** Resync selected, Resync all (after a confirmation naming the count), Export, Create view. */
export function CategoryActions(props: {
  actions: Actions;
  selectedCount: number;
  hasErrors: boolean;
  /** Open errors of the category: what "Resync all" would resync. */
  openErrors: number | null;
  /** "associations", for "Resync all 33 associations errors?". */
  label: string;
  /** A filter narrows the table: "Resync all" still covers the whole category, and says so. */
  filtered?: boolean;
}) {
  const { actions, selectedCount } = props;
  const resync = resyncSelectedState(selectedCount);
  const reason = useOfflineReason();
  const offline = Boolean(reason);
  // A viewer of a shared server may look, and an export only reads: it stays on for them.
  const readOnlyViewer = reason === viewerReason();
  const running = actions.status.resyncAll.busy && actions.job;
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);
  const total = props.openErrors;
  const what =
    total === null
      ? `all open ${props.label} errors`
      : `${count.format(total)} open ${props.label} ${total === 1 ? 'error' : 'errors'}`;
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
          hint={resync.reason && (selectedCount > RESYNC_LIMIT || selectedCount === 0) ? resync.reason : null}
          offline={offline}
          primary
        />
        <Action
          name="resync-all"
          label="Resync all"
          busyLabel="Resyncing all…"
          status={actions.status.resyncAll}
          onClick={() => setConfirming(true)}
          disabled={!props.hasErrors || confirming}
          offline={offline}
        />
        <Action
          name="export"
          label="Export CSV"
          busyLabel="Exporting…"
          status={actions.status.export}
          onClick={actions.exportCsv}
          disabled={!props.hasErrors}
          offline={offline && !readOnlyViewer}
        />
        <Action
          name="view"
          label={selectedCount ? `Create view (${selectedCount})` : 'Create view'}
          busyLabel="Creating…"
          status={actions.status.view}
          onClick={actions.createView}
          disabled={!props.hasErrors}
          offline={offline}
        />
      </fieldset>
      {confirming && !offline && (
        <fieldset class="confirm" data-testid="confirm-resync-all">
          <legend id="confirm-resync-all-text">
            Resync {what}
            {props.filtered ? ', not only the ones this filter shows' : ''}? Each record is sent to Salesforce
            again, which spends API calls from the allocation.
          </legend>
          <div class="button-row">
            <button
              ref={confirmButton}
              type="button"
              data-testid="confirm-resync-all-yes"
              onClick={() => {
                setConfirming(false);
                void actions.resyncAll();
              }}
            >
              {total === null ? 'Resync all' : `Resync ${count.format(total)}`}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      <StatusArea actions={actions}>{running && <JobMeter job={actions.job!} />}</StatusArea>
    </>
  );
}
