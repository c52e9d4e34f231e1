import { useEffect, useState } from 'preact/hooks';
import type { TeamAlertChannel, TeamAlertsBody, TeamAlertsView } from '../../../shared/api/team';
import { type ProxyClient, ProxyError } from '../../api/proxy-client';
import { errorForForm } from '../admin-message';
import { useOfflineDescribedBy, useOfflineReason } from '../shell/proxy-offline';

type Note = { text: string; error: boolean } | null;

const LABELS = {
  slackWebhookUrl: 'The Slack webhook address',
  'smtp.host': 'The mail server',
  'smtp.port': 'The port',
  'smtp.secure': 'Secure',
  'smtp.from': 'The sender',
  'smtp.to': 'The recipients',
  'smtp.to[0]': 'The first recipient',
  smtp: 'The e-mail settings',
};

function NoteLine(props: { id: string; note: Note }) {
  return (
    <p
      id={props.id}
      data-testid={props.id}
      role={props.note?.error ? 'alert' : 'status'}
      class={props.note?.error ? 'error' : 'muted'}
    >
      {props.note?.text ?? ''}
    </p>
  );
}

interface MailDraft {
  host: string;
  port: string;
  secure: boolean;
  user: string;
  password: string;
  from: string;
  to: string;
}

const draftOf = (view: TeamAlertsView): MailDraft => ({
  host: view.email.host ?? '',
  port: view.email.port ? String(view.email.port) : '587',
  secure: view.email.secure ?? false,
  user: view.email.user ?? '',
  password: '',
  from: view.email.from ?? '',
  to: (view.email.to ?? []).join(', '),
});

/**
 * Settings → Team alerts (shared server only): where suspensions, outages and digests go besides the
 * browsers — a Slack incoming webhook and e-mail over SMTP — with a test per channel. Secrets are
 * write-only: the server never sends the webhook address or the password back, so the form says "saved".
 * A viewer sees the settings and cannot change them. The local proxy has no such routes: nothing shows.
 */
export function TeamAlertsForm(props: { client: ProxyClient | null }) {
  const readOnly = useOfflineReason();
  const describedBy = useOfflineDescribedBy();
  const { client } = props;
  const [view, setView] = useState<TeamAlertsView | null>(null);
  const [absent, setAbsent] = useState(false);
  const [webhook, setWebhook] = useState('');
  const [mail, setMail] = useState<MailDraft | null>(null);
  const [slackNote, setSlackNote] = useState<Note>(null);
  const [mailNote, setMailNote] = useState<Note>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!client) return;
    let live = true;
    client.call('GET /settings/team-alerts').then(
      (v) => {
        if (!live) return;
        setView(v);
        setMail(draftOf(v));
      },
      (err) => {
        // The local proxy has no team alerts (404): they belong to a shared server.
        if (live && err instanceof ProxyError && err.status === 404) setAbsent(true);
      },
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (absent || !view || !mail || !client) return null;

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };
  const save = (body: TeamAlertsBody, setNote: (n: Note) => void, done: string) =>
    run(async () => {
      try {
        const next = await client.call('PUT /settings/team-alerts', { body });
        setView(next);
        setMail(draftOf(next));
        setWebhook('');
        setNote({ text: done, error: false });
      } catch (err) {
        setNote({ text: errorForForm(err, LABELS), error: true });
      }
    });
  const test = (channel: TeamAlertChannel, setNote: (n: Note) => void) =>
    run(async () => {
      setNote({ text: 'Sending a test…', error: false });
      try {
        const answer = await client.call('POST /settings/team-alerts/test', { body: { channel } });
        const result = answer.results[0];
        setNote(
          result?.ok
            ? {
                text: `Test sent. Check that it arrived ${channel === 'slack' ? 'in the Slack channel' : 'in the inboxes'}.`,
                error: false,
              }
            : { text: result?.message ?? answer.message, error: true },
        );
      } catch (err) {
        setNote({ text: errorForForm(err, LABELS), error: true });
      }
    });

  const saveSlack = (e: Event) => {
    e.preventDefault();
    if (!webhook.trim())
      return setSlackNote({
        text: 'Paste the webhook address Slack gave you (Apps → Incoming Webhooks), then save.',
        error: true,
      });
    void save({ slackWebhookUrl: webhook.trim() }, setSlackNote, 'Saved. Send a test to check it.');
  };
  const saveMail = (e: Event) => {
    e.preventDefault();
    const port = Number(mail.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      return setMailNote({
        text: 'The port is a whole number from 1 to 65535, usually 587 or 465.',
        error: true,
      });
    const to = mail.to
      .split(/[,;\s]+/)
      .map((a) => a.trim())
      .filter(Boolean);
    void save(
      {
        smtp: {
          host: mail.host.trim(),
          port,
          secure: mail.secure,
          ...(mail.user.trim() ? { user: mail.user.trim() } : {}),
          // Left empty: the server keeps the saved password.
          ...(mail.password ? { password: mail.password } : {}),
          from: mail.from.trim(),
          to,
        },
      },
      setMailNote,
      'Saved. Send a test to check it.',
    );
  };
  const field = (name: keyof MailDraft, label: string, extra: Record<string, string> = {}) => (
    <label>
      {label}
      <input
        name={name}
        value={mail[name] as string}
        onInput={(e) => setMail({ ...mail, [name]: e.currentTarget.value })}
        {...extra}
      />
    </label>
  );

  return (
    <section aria-labelledby="team-alerts-title" class="team-alerts" data-testid="team-alerts">
      <h2 id="team-alerts-title">Team alerts</h2>
      <p class="muted">
        Suspensions, outages and the daily or weekly digest also go to your team's Slack channel and inboxes,
        as often as the notifications above say.
      </p>
      <form onSubmit={saveSlack} aria-labelledby="team-slack-title" data-testid="team-slack-form">
        <h3 id="team-slack-title">Slack</h3>
        <p class="muted" data-testid="team-slack-state">
          {view.slack.configured
            ? `A webhook on ${view.slack.host} is saved. Its address is not shown again; paste a new one to replace it.`
            : 'No webhook saved yet.'}
        </p>
        <fieldset class="plain-fieldset" disabled={Boolean(readOnly) || busy}>
          <legend class="sr-only">Slack incoming webhook</legend>
          <label>
            Incoming webhook address
            <input
              name="slackWebhookUrl"
              type="password"
              autoComplete="off"
              placeholder={view.slack.configured ? 'saved' : 'https://hooks.slack.com/services/…'}
              value={webhook}
              onInput={(e) => setWebhook(e.currentTarget.value)}
              aria-describedby="team-slack-note"
            />
          </label>
          <ChannelActions
            configured={view.slack.configured}
            describedBy={describedBy}
            onTest={() => test('slack', setSlackNote)}
            onRemove={() => save({ slackWebhookUrl: null }, setSlackNote, 'Removed: no Slack alerts.')}
          />
        </fieldset>
        <NoteLine id="team-slack-note" note={slackNote} />
      </form>
      <form onSubmit={saveMail} aria-labelledby="team-mail-title" data-testid="team-mail-form">
        <h3 id="team-mail-title">E-mail</h3>
        <p class="muted" data-testid="team-mail-state">
          {view.email.configured
            ? `Sent through ${view.email.host}:${view.email.port} to ${view.email.to?.join(', ')}.`
            : 'No mail server saved yet.'}
        </p>
        <fieldset class="plain-fieldset" disabled={Boolean(readOnly) || busy}>
          <legend class="sr-only">Mail server (SMTP)</legend>
          {field('host', 'Mail server', { placeholder: 'smtp.example.com' })}
          {field('port', 'Port', { inputMode: 'numeric' })}
          <label class="check">
            <input
              type="checkbox"
              name="secure"
              checked={mail.secure}
              onChange={(e) => setMail({ ...mail, secure: e.currentTarget.checked })}
            />
            Encrypted from the start (port 465); off: upgraded with STARTTLS when the server offers it
          </label>
          {field('user', 'User name (if the server asks for one)', { autoComplete: 'off' })}
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={view.email.passwordSaved ? 'saved' : ''}
              value={mail.password}
              onInput={(e) => setMail({ ...mail, password: e.currentTarget.value })}
            />
          </label>
          {field('from', 'Sender address', { placeholder: 'sync-health@example.com' })}
          {field('to', 'Send to (comma-separated)', { placeholder: 'ops@example.com, ada@example.com' })}
          <ChannelActions
            configured={view.email.configured}
            describedBy={describedBy}
            onTest={() => test('email', setMailNote)}
            onRemove={() => save({ smtp: null }, setMailNote, 'Removed: no e-mail alerts.')}
          />
        </fieldset>
        <NoteLine id="team-mail-note" note={mailNote} />
      </form>
    </section>
  );
}

/** A channel's buttons, the same for Slack and e-mail: Save (the form's submit), Send a test, Remove. */
function ChannelActions(props: {
  configured: boolean;
  describedBy: string | undefined;
  onTest: () => Promise<void>;
  onRemove: () => Promise<void>;
}) {
  return (
    <div class="button-row">
      <button type="submit" aria-describedby={props.describedBy}>
        Save
      </button>
      <button
        type="button"
        class="secondary"
        disabled={!props.configured}
        aria-describedby={props.describedBy}
        onClick={() => void props.onTest()}
      >
        Send a test
      </button>
      {props.configured && (
        <button
          type="button"
          class="secondary"
          aria-describedby={props.describedBy}
          onClick={() => void props.onRemove()}
        >
          Remove
        </button>
      )}
    </div>
  );
}
