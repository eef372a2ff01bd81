import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openInBrowser } from '../../test/support/browser.js';
import posLag from '../catalog/pos-lag-safety-stock.js';
import { runScenario } from '../kit/runner.js';
import { renderHtml } from '../report/html.js';

// Regenerates docs/images/scenario-report.png, the report screenshot the README and docs/scenarios.md show:
// `npx tsx scenarios/tools/readme-screenshot.ts`. The top of pos-lag-safety-stock's page (seed 7), both runs side
// by side, in the headless Chromium the tests use.

const OUT = resolve(fileURLToPath(new URL('../../docs/images/scenario-report.png', import.meta.url)));

const { report } = await runScenario(posLag, { seed: 7 });
const page = await openInBrowser(await renderHtml(report));
try {
  await page.page.setViewportSize({ width: 1360, height: 1280 });
  await page.page.screenshot({ path: OUT });
  console.log(`wrote ${OUT}`);
} finally {
  await page.close();
}
