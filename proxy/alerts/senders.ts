/** @module Sending one team alert: Slack incoming webhook (JSON over https) and e-mail (nodemailer, SMTP). */
import nodemailer from 'nodemailer';
import pRetry, { AbortError } from 'p-retry';
import type { TeamAlertSettings } from './alert-settings';

export interface TeamAlert {
  /** One line: the notification's title, the e-mail's subject. */
  title: string;
  /** A few sentences in an admin's words. */
  body: string;
}

export interface DeliveryResult {
  channel: 'slack' | 'email';
  ok: boolean;
  /** Why it failed, in words (never the webhook URL or the password). */
  message?: string;
}

/** Slack answers 200 "ok"; a 4xx (revoked webhook, bad payload) is not retried, a 5xx or a drop is. */
export async function postToSlack(webhookUrl: string, alert: TeamAlert, fetchImpl = fetch): Promise<void> {
  await pRetry(
    async () => {
      const res = await fetchImpl(webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `*${alert.title}*\n${alert.body}` }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return;
      const text = (await res.text()).slice(0, 200);
      const said = text ? ` ("${text}")` : '';
      const error = new Error(
        res.status >= 500 || res.status === 429
          ? `Slack could not take the message (HTTP ${res.status}${said}); it was tried 3 times. Try again later.`
          : `Slack refused the message (HTTP ${res.status}${said}): the webhook was removed or mistyped. Make a new one in Slack (Apps → Incoming Webhooks) and save it here.`,
      );
      throw res.status >= 500 || res.status === 429 ? error : new AbortError(error);
    },
    { retries: 2, minTimeout: 500, maxTimeout: 2_000 },
  );
}

export async function sendMail(
  smtp: NonNullable<TeamAlertSettings['smtp']>,
  alert: TeamAlert,
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
  });
  try {
    await transport.sendMail({
      from: smtp.from,
      to: smtp.to.join(', '),
      subject: `[Sync Health] ${alert.title}`,
      text: alert.body,
    });
  } finally {
    transport.close();
  }
}

/** Network and SMTP failure codes in an admin's words; the raw message stays at the end for whoever debugs. */
const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing answers on that address and port',
  ENOTFOUND: 'no server has that name',
  EAI_AGAIN: 'the name could not be looked up (check the network or the name)',
  ETIMEDOUT: 'it did not answer in time',
  ECONNRESET: 'it closed the connection',
  EAUTH: 'it refused the user name or password',
  ESOCKET: 'the secure connection failed (check "Encrypted from the start" against the port)',
  EENVELOPE: 'it refused the sender or a recipient address',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
};

function reasonOf(err: Error): string {
  const cause = err.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.message ?? err.message;
  // nodemailer wraps a refused connection as ESOCKET; the system's own code in the message says more.
  const inner = /\b(E[A-Z]+|[A-Z_]+_CERT[A-Z_]*)\b/.exec(detail)?.[1];
  const code = inner && REASONS[inner] ? inner : ((err as { code?: string }).code ?? cause?.code);
  return code && REASONS[code] ? `${REASONS[code]} (${detail})` : detail;
}

/**
 * Sends to every configured channel (or only `only`); one failing does not stop the other.
 */
export async function deliver(
  settings: TeamAlertSettings,
  alert: TeamAlert,
  only?: DeliveryResult['channel'],
): Promise<DeliveryResult[]> {
  const jobs: Promise<DeliveryResult>[] = [];
  if (settings.slackWebhookUrl && only !== 'email') {
    const url = settings.slackWebhookUrl;
    jobs.push(
      postToSlack(url, alert).then(
        () => ({ channel: 'slack', ok: true }),
        (err: Error) => ({
          channel: 'slack',
          ok: false,
          // A refused connection or a bad name surfaces as fetch's "fetch failed" with the reason as its cause.
          message: err.message.startsWith('Slack ')
            ? err.message
            : `Could not reach Slack at ${new URL(url).host}: ${reasonOf(err)}.`,
        }),
      ),
    );
  }
  if (settings.smtp && only !== 'slack') {
    const smtp = settings.smtp;
    jobs.push(
      sendMail(smtp, alert).then(
        () => ({ channel: 'email', ok: true }),
        (err: Error) => ({
          channel: 'email',
          ok: false,
          // nodemailer's messages name the server and the SMTP reply, not the password.
          message: `The mail server ${smtp.host}:${smtp.port} did not take the message: ${reasonOf(err)}.`,
        }),
      ),
    );
  }
  return Promise.all(jobs);
}
