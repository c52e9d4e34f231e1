import { render } from 'preact';
import { OptionsPage } from '../../ui/OptionsPage';
import { applyPanelStyles } from '../../ui/panel-styles';

applyPanelStyles();
render(<OptionsPage />, document.getElementById('app')!);
