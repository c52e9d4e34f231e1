import type { ProxyClient } from '../../api/proxy-client';
import { AccountsSection } from '../accounts/AccountsSection';
import { PreviewView } from '../preview/PreviewView';
import { NotificationForm } from './NotificationForm';
import { ProxyForm } from './ProxyForm';

/**
 * Settings: notifications (kept by the proxy), the accounts the sync uses (kept by the proxy) and where
 * the proxy is (kept by the extension, the same form as the options page).
 */
export function SettingsView(props: { client: ProxyClient | null }) {
  return (
    <section aria-label="Settings" class="settings">
      <NotificationForm client={props.client} />
      <AccountsSection />
      <PreviewView client={props.client} />
      <ProxyForm />
    </section>
  );
}
