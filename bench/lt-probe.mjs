import { chromium } from 'playwright-core';
import { startServer } from '../scripts/static-server.mjs';
const server = await startServer({ root: process.argv[2] || 'dist', port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (let i = 0; i < Number(process.argv[3] || 5); i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.__lt = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(server.url);
  await page.waitForSelector('html[data-app=ready][data-worker=ready]');
  await page.waitForTimeout(500);
  const r = await page.evaluate(() => ({ t: document.documentElement.dataset.t, lt: window.__lt, ready: Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd) }));
  console.log(JSON.stringify(r));
  await ctx.close();
}
await browser.close(); process.exit(0);
