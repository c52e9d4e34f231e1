import { PanelShell } from '../../ui/shell/PanelShell';

export function App() {
  return <PanelShell />;
}
