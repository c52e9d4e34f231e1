import { ProxyForm } from './settings/ProxyForm';

/** The options page: where the proxy is and the pairing token. */
export function OptionsPage() {
  return (
    <main>
      <h1>Sync Health settings</h1>
      <ProxyForm />
    </main>
  );
}
