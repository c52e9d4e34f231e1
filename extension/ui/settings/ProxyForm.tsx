import { useEffect, useState } from 'preact/hooks';
import { clearCache } from '../../cache/health-db';
import { sendMessage } from '../../messaging/protocol';
import { proxySettings, validateProxyUrl } from '../../settings/proxy-settings';

/** Proxy address and pairing token (the options page and the panel's settings share it). */
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
  const save = async (event: Event) => {
    event.preventDefault();
    const checked = validateProxyUrl(url);
    if (!checked.ok) return setMessage(checked.message);
    if (!token.trim()) return setMessage('Paste the pairing token the proxy printed when it started.');
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
        Proxy address
        <input name="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      </label>
      <label>
        Pairing token
        <input
          name="token"
          type="password"
          autoComplete="off"
          value={token}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
      </label>
      <p class="muted">The proxy prints its pairing token in the terminal when it starts.</p>
      <button type="submit">Save</button>
      <p role="status" data-testid="options-status">
        {message}
      </p>
    </form>
  );
}
