/**
 * npm run bench:ui — time to first queue render with 1,000,000 tickets (target < 1 s).
 *
 * Reuses bench:api's database (bench/api/bench-server.ts), builds the web UI, starts the
 * real service in its own process, and drives Debian's Chromium (playwright-core). Each
 * round opens a fresh page at http://…/ with the session cookie set and measures, from
 * the navigation's start (performance.timeOrigin) to the moment the first ticket row is in
 * the DOM, by a MutationObserver installed before any script of the page runs. Cold
 * rounds use a new browser context each (no HTTP cache); warm rounds reuse one.
 *
 * BENCH_TICKETS (default 1000000) and BENCH_ROUNDS (default 15) change size and rounds.
 */
import 'reflect-metadata';
import { execFileSync } from 'child_process';
import { loadavg } from 'os';
import { chromium, type BrowserContext } from 'playwright-core';
import { percentile } from './statistics';
import { freePort, prepareBenchDatabase, ROOT, signInBenchAccount, startBenchServer } from './api/bench-server';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const TARGET_MS = 1000;

/** Runs in the page before its scripts: records when the first row of the ticket table appears. */
const FIRST_ROW_PROBE = `(() => {
  const done = () => { if (!window.__firstRow) window.__firstRow = performance.now(); };
  new MutationObserver((_, observer) => {
    if (document.querySelector('table.tickets tbody tr')) { done(); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
})();`;

async function measure(context: BrowserContext, base: string): Promise<{ firstRow: number; apiMs: number }> {
  const page = await context.newPage();
  await page.addInitScript(FIRST_ROW_PROBE);
  await page.goto(`${base}/`);
  await page.waitForSelector('table.tickets tbody tr', { timeout: 30_000 });
  const firstRow = await page.evaluate(() => (globalThis as unknown as { __firstRow: number }).__firstRow);
  const apiMs = await page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => /\/api\/tickets\?/.test(e.name)) as unknown as { startTime: number; responseEnd: number } | undefined;
    return entry ? entry.responseEnd - entry.startTime : NaN;
  });
  await page.close();
  return { firstRow, apiMs };
}

function summary(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${label}: p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, máx ${sorted[sorted.length - 1].toFixed(0)} ms`;
}

async function main(): Promise<void> {
  execFileSync('bash', ['scripts/browser.sh', 'ensure'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('npx', ['vite', 'build', 'web', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  const databaseUrl = await prepareBenchDatabase(TICKETS);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startBenchServer(databaseUrl, port, 'bench-ui-server.log');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const cookie = (await signInBenchAccount(base)).split('=');
    const newContext = async () => {
      const context = await browser.newContext({ locale: 'es-CO', timezoneId: 'America/Bogota', viewport: { width: 1400, height: 900 } });
      await context.addCookies([{ name: cookie[0], value: cookie.slice(1).join('='), url: base }]);
      return context;
    };
    // Warm-up: server JIT, PostgreSQL caches, the browser's first start.
    for (let i = 0; i < 3; i++) {
      const context = await newContext();
      await measure(context, base);
      await context.close();
    }
    const cold: number[] = [];
    const coldApi: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const context = await newContext();
      const figures = await measure(context, base);
      cold.push(figures.firstRow);
      coldApi.push(figures.apiMs);
      await context.close();
    }
    const warmContext = await newContext();
    const warm: number[] = [];
    for (let i = 0; i < ROUNDS; i++) warm.push((await measure(warmContext, base)).firstRow);
    await warmContext.close();

    console.log(`\nPrimera fila de la cola con ${TICKETS.toLocaleString('es-CO')} tickets, ${ROUNDS} rondas (carga ${loadavg().map((l) => l.toFixed(1)).join(' / ')}):`);
    console.log(`  ${summary('sin caché del navegador', cold)}`);
    console.log(`  ${summary('con caché del navegador', warm)}`);
    console.log(`  ${summary('  de ello, GET /api/tickets (sin caché)', coldApi)}`);
    const p95 = percentile([...cold].sort((a, b) => a - b), 95);
    console.log(`  Meta p95 < ${TARGET_MS} ms sin caché: ${p95 < TARGET_MS ? 'CUMPLIDA' : 'NO CUMPLIDA'} (${p95.toFixed(0)} ms)`);
  } finally {
    await browser.close();
    server.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
