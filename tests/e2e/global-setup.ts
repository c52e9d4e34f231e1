/** Builds the extension once per test run; every spec loads <WXT_OUT_DIR or .output>/chrome-mv3. */
import { execFileSync } from 'node:child_process';
import { sidePanelSize } from '../../scripts/bundle-size';

export default function setup() {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  const size = sidePanelSize();
  console.log(
    `[figure] side panel JS: ${size.jsGzipKB} KB gzip first screen (${size.jsRawKB} KB raw), ${size.allJsGzipKB} KB gzip with the lazy views; target ≤ 50 KB gzip`,
  );
}
