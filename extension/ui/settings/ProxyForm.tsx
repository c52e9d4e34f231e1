import { useEffect, useState } from 'preact/hooks';
import { browser } from '#imports';
import { clearCache } from '../../cache/health-db';
import { sendMessage } from '../../messaging/protocol';
import { parseInvite, proxySettings, validateProxyUrl } from '../../settings/proxy-settings';

/**
 * Where the panel gets its health: the local proxy (address + pairing token) or the team's shared server
 * (https address + personal token, or the invite link holding both). A shared server's address is asked
 * of the browser here, when pairing, for that one origin: the manifest requests no host up front.
 * The options page and the panel's settings share it.
 */
export function ProxyForm() {
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState('');
  useEffect(() => {
    proxySettings.getValue().then((s) => {
      setUrl(s.url);
      setToken(s.token);
    });
  }, []);
  // Read once the address is complete (on change, and on save), not on every keystroke: a link typed
  // character by character would otherwise be split at its first token character.
  const readInvite = (value: string): { url: string; token: string } => {
    const invite = parseInvite(value);
    if (!invite) return { url: value, token };
    setUrl(invite.url);
    setToken(invite.token);
    setMessage('Invite link read: the address and your personal token are filled in. Save to pair.');
    return invite;
  };
  const save = async (event: Event) => {
    event.preventDefault();
    const entered = readInvite(url);
    const checked = validateProxyUrl(entered.url);
    if (!checked.ok) return setMessage(checked.message);
    const token = entered.token;
    if (!token.trim()) {
      return setMessage(
        checked.shared
          ? 'Paste your personal token (an admin of the server makes it with "sync-health users add").'
          : 'Paste the pairing token the proxy printed when it started.',
      );
    }
    if (checked.shared) {
      // Asked first, while the click still counts as the user's gesture (the browser requires one).
      const host = new URL(checked.url).host;
      const granted = await browser.permissions.request({ origins: [`${checked.url}/*`] }).catch(() => false);
      if (!granted) {
        return setMessage(
          `The browser did not allow the extension to reach ${host}, so it cannot show that server's health. Save again and choose Allow.`,
        );
      }
    }
    const before = await proxySettings.getValue();
    // Another proxy's errors are not this one's: drop what the panel cached.
    if (before.url !== checked.url) await clearCache().catch(() => undefined);
    await proxySettings.setValue({ url: checked.url, token: token.trim() });
    sendMessage('reconnect').catch(() => undefined);
    setMessage('Saved.');
  };
  return (
    <form onSubmit={save} aria-labelledby="proxy-form-title">
      <h2 id="proxy-form-title">Proxy and pairing</h2>
      <label>
        Proxy or team server address
        <input
          name="url"
          value={url}
          placeholder="http://127.0.0.1:8787 or https://sync.example.com"
          onInput={(e) => setUrl(e.currentTarget.value)}
          onChange={(e) => readInvite(e.currentTarget.value)}
        />
      </label>
      <label>
        Pairing or personal token
        <input
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </label>
      <p class="muted">
        The proxy on this computer prints its pairing token when it starts. For your team's server, paste the
        invite link an admin gave you in the address field: it fills in both.
      </p>
      <button type="submit">Save</button>
      <p role="status" data-testid="options-status">
        {message}
      </p>
    </form>
  );
}
