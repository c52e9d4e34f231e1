import '../../ui/panel.css';
import { render } from 'preact';
import { OptionsPage } from '../../ui/OptionsPage';

render(<OptionsPage />, document.getElementById('app')!);
