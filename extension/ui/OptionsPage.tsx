import { useEffect, useState } from 'preact/hooks';
import { proxySettings, validateProxyUrl } from '../settings/proxy-settings';

/** Proxy address and pairing token, kept in extension storage. */
export function OptionsPage() {
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
    await proxySettings.setValue({ url: checked.url, token: token.trim() });
    setMessage('Saved.');
  };
  return (
    <form onSubmit={save}>
      <h1>Sync Health settings</h1>
      <label>
        Proxy address
        <input name="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      </label>
      <label>
        Pairing token
        <input name="token" type="password" value={token} onInput={(e) => setToken(e.currentTarget.value)} />
      </label>
      <button type="submit">Save</button>
      <p role="status" data-testid="options-status">
        {message}
      </p>
    </form>
  );
}
