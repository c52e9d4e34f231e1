import { useEffect, useState } from 'preact/hooks';
import type { NotificationSettings } from '../../../shared/api/control';
import type { ProxyClient } from '../../api/proxy-client';
import { writeCached } from '../../cache/health-db';
import { useCached } from '../../cache/use-cached';
import { useOfflineDescribedBy, useOfflineReason, useReadClient } from '../shell/proxy-offline';

const stamp = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const savedAt = (t: number) => `on ${stamp.format(t)}`;

const FREQUENCIES = [
  ['instant', 'Instant', 'as errors happen, batched per type'],
  ['daily', 'Daily', 'one digest a day'],
  ['weekly', 'Weekly', 'one digest a week'],
] as const;

/**
 * Notifications on/off, how often, and the usage warning threshold — kept by the proxy, cached here so
 * that they still show (read-only) while the proxy is away.
 */
export function NotificationForm(props: { client: ProxyClient | null }) {
  const offline = useOfflineReason();
  const describedBy = useOfflineDescribedBy();
  const client = offline ? null : props.client;
  // Read even when changes are off: a viewer sees the saved values (read-only), not an empty form.
  const reader = useReadClient(props.client);
  const loaded = useCached<NotificationSettings>(
    'answers',
    'settings:notifications',
    reader && (() => reader.call('GET /settings/notifications')),
    [reader],
  );
  const [value, setValue] = useState<NotificationSettings | null>(null);
  const [percent, setPercent] = useState('');
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  const answer = loaded.data?.value ?? null;
  useEffect(() => {
    if (!answer) return;
    setValue(answer);
    setPercent(String(answer.usageWarningPercent));
  }, [answer]);
  if (!value) {
    if (loaded.loading) return <p aria-busy="true">Loading notification settings…</p>;
    return (
      <p class="muted" data-testid="notif-status">
        {loaded.error ?? 'Notification settings show here once the panel has reached the proxy.'}
      </p>
    );
  }
  const save = async (e: Event) => {
    e.preventDefault();
    const p = Number(percent);
    if (!Number.isInteger(p) || p < 1 || p > 100) {
      setNote({ text: 'The usage warning is a whole percent from 1 to 100.', error: true });
      return;
    }
    try {
      if (!client) return;
      const saved = await client.call('PUT /settings/notifications', {
        body: { ...value, usageWarningPercent: p },
      });
      setValue(saved);
      void writeCached('answers', 'settings:notifications', saved).catch(() => undefined);
      setNote({ text: 'Saved.', error: false });
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    }
  };
  return (
    <form
      onSubmit={save}
      aria-labelledby="notif-title"
      data-testid="notification-form"
      data-readonly={offline ? 'true' : undefined}
    >
      <h2 id="notif-title">Notifications</h2>
      {offline && !reader && loaded.data && (
        <p class="muted" data-testid="settings-cached">
          As saved {savedAt(loaded.data.fetchedAt)}. Read-only until the proxy answers again.
        </p>
      )}
      <fieldset class="plain-fieldset" disabled={Boolean(offline)}>
        <legend class="sr-only">Notification settings</legend>
        <label class="check">
          <input
            type="checkbox"
            name="enabled"
            checked={value.enabled}
            onChange={(e) => setValue({ ...value, enabled: e.currentTarget.checked })}
          />
          Notify me about sync errors
        </label>
        <fieldset disabled={!value.enabled}>
          <legend>How often</legend>
          {FREQUENCIES.map(([key, label, hint]) => (
            <label class="check" key={key}>
              <input
                type="radio"
                name="frequency"
                value={key}
                checked={value.frequency === key}
                onChange={() => setValue({ ...value, frequency: key })}
              />
              {label} <span class="muted">— {hint}</span>
            </label>
          ))}
        </fieldset>
        <label>
          Warn when API usage reaches (%)
          <input
            name="usageWarningPercent"
            inputMode="numeric"
            value={percent}
            onInput={(e) => setPercent(e.currentTarget.value)}
          />
        </label>
        <button type="submit" aria-describedby={describedBy}>
          Save
        </button>
      </fieldset>
      {note && (
        <p
          role={note.error ? 'alert' : 'status'}
          class={note.error ? 'error' : 'muted'}
          data-testid="notif-status"
        >
          {note.text}
        </p>
      )}
    </form>
  );
}
