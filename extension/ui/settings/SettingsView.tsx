import type { ProxyClient } from '../../api/proxy-client';
import { AccountsSection } from '../accounts/AccountsSection';
import { PreviewView } from '../preview/PreviewView';
import { ActivityList } from './ActivityList';
import { ContactRulesForm } from './ContactRulesForm';
import { HeadroomForm } from './HeadroomForm';
import { MappingEditor } from './MappingEditor';
import type { MappingTarget } from './mapping-link';
import { NotificationForm } from './NotificationForm';
import { ProxyForm } from './ProxyForm';
import { SalesforceCallsForm } from './SalesforceCallsForm';
import { SetupSection } from './SetupSection';
import { TeamAlertsForm } from './TeamAlertsForm';

/**
 * Settings: notifications (kept by the proxy), the accounts the sync uses (kept by the proxy) and where
 * the proxy is (kept by the extension, the same form as the options page).
 */
export function SettingsView(props: { client: ProxyClient | null; mapping?: MappingTarget }) {
  return (
    <section aria-label="Settings" class="settings">
      <NotificationForm client={props.client} />
      <TeamAlertsForm client={props.client} />
      <HeadroomForm client={props.client} />
      <SalesforceCallsForm client={props.client} />
      <ContactRulesForm client={props.client} />
      <AccountsSection />
      <SetupSection client={props.client} />
      <MappingEditor client={props.client} focus={props.mapping} />
      <PreviewView client={props.client} />
      <ActivityList client={props.client} />
      <ProxyForm />
    </section>
  );
}
