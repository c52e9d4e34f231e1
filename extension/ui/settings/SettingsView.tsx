import type { ProxyClient } from '../../api/proxy-client';
import { NotificationForm } from './NotificationForm';
import { ProxyForm } from './ProxyForm';

/** Settings: notifications (kept by the proxy) and where the proxy is (kept by the extension). */
export function SettingsView(props: { client: ProxyClient | null }) {
  return (
    <section aria-label="Settings" class="settings">
      <NotificationForm client={props.client} />
      <ProxyForm />
    </section>
  );
}
