import { useEffect, useState } from 'preact/hooks';
import type { NotificationSettings } from '../../../shared/api/control';
import type { ProxyClient } from '../../api/proxy-client';

const FREQUENCIES = [
  ['instant', 'Instant', 'as errors happen, batched per type'],
  ['daily', 'Daily', 'one digest a day'],
  ['weekly', 'Weekly', 'one digest a week'],
] as const;

/** Notifications on/off, how often, and the usage warning threshold — kept by the proxy. */
export function NotificationForm(props: { client: ProxyClient | null }) {
  const [value, setValue] = useState<NotificationSettings | null>(null);
  const [percent, setPercent] = useState('');
  const [note, setNote] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => {
    props.client
      ?.call('GET /settings/notifications')
      .then((s) => {
        setValue(s);
        setPercent(String(s.usageWarningPercent));
      })
      .catch((err: Error) => setNote({ text: err.message, error: true }));
  }, [props.client]);
  if (!props.client) return <p class="muted">Pair with the proxy to change notifications.</p>;
  if (!value) return <p aria-busy="true">Loading notification settings…</p>;
  const save = async (e: Event) => {
    e.preventDefault();
    const p = Number(percent);
    if (!Number.isInteger(p) || p < 1 || p > 100) {
      setNote({ text: 'The usage warning is a whole percent from 1 to 100.', error: true });
      return;
    }
    try {
      const saved = await props.client!.call('PUT /settings/notifications', {
        body: { ...value, usageWarningPercent: p },
      });
      setValue(saved);
      setNote({ text: 'Saved.', error: false });
    } catch (err) {
      setNote({ text: (err as Error).message, error: true });
    }
  };
  return (
    <form onSubmit={save} aria-labelledby="notif-title" data-testid="notification-form">
      <h2 id="notif-title">Notifications</h2>
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
      <button type="submit">Save</button>
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
