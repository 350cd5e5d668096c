import * as fs from 'fs';
import type { Browser, Page } from 'playwright-core';
import { deliverByLmtp } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { uniqueSinkRecipient } from '../support/smtp-sink';
import { waitFor } from '../support/test-app';
import { launchChromium, newContext, screenshot, seriousAccessibilityViolations, signInThroughUi, startUiApp, UiApp } from './support/ui-app';

jest.setTimeout(180000);

/** Supervisors' reports in Chromium: charts with their tables, filters in the URL, figures that open their tickets, exports. */
describe('reports in Chromium', () => {
  let ui: UiApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ui = await startUiApp('reports');
    browser = await launchChromium();
    for (const subject of ['Solicitud de usuario SisPT para Tunja', 'Error 500 en SisPT al guardar metas', 'Consulta sobre el plan de desarrollo 2024-2027']) {
      await deliverByLmtp(ui.mailboxes.planeacion, sampleMail({ from: uniqueSinkRecipient('informes'), subject }).raw);
    }
    await waitFor(async () => (await ui.db.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n, (n) => n === 3, 15000);
    const supervisor = await ui.createAccount('supervisor', 'Sofía Supervisora');
    page = await (await newContext(browser, ui.baseUrl)).newPage();
    await signInThroughUi(page, supervisor);
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it('shows the volume report with a chart and a table, and keeps the filters in the URL', async () => {
    await page.getByRole('link', { name: 'Informes' }).click();
    await page.getByRole('heading', { name: 'Cumplimiento', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Informes' }).getByRole('link', { name: 'Volumen' }).click();
    await page.getByRole('heading', { level: 1 }).filter({ hasText: /Volumen/ }).waitFor();
    const url = new URL(page.url());
    expect(url.searchParams.get('informe')).toBe('volume');
    expect(url.searchParams.get('desde')).toMatch(/^\d{4}-01-01$/);
    const canvas = page.locator('canvas').first();
    await canvas.waitFor();
    expect((await canvas.boundingBox())?.height).toBeGreaterThan(100);
    // A shared link opens the same view.
    const shared = await (await newContext(browser, ui.baseUrl)).newPage();
    await shared.context().addCookies(await page.context().cookies());
    await shared.goto(page.url());
    await shared.getByRole('heading', { level: 1 }).filter({ hasText: /Volumen/ }).waitFor();
    await shared.close();
    await screenshot(page, 'informe-volumen');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('opens the tickets behind a figure', async () => {
    const figure = page.locator('.report-table td a').filter({ hasText: /^3$/ }).first();
    await figure.click();
    await page.getByRole('heading', { name: 'Tickets detrás de la cifra' }).waitFor();
    // The heading shows before the rows arrive: wait for one of them, then count them all.
    await page.getByRole('cell', { name: 'Error 500 en SisPT al guardar metas' }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(3);
    await screenshot(page, 'informe-tickets-de-la-cifra');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('exports them to XLSX with progress and a download', async () => {
    await page.getByRole('button', { name: 'Excel (XLSX)' }).click();
    const link = page.getByRole('link', { name: 'Descargar el archivo' });
    await link.waitFor({ timeout: 30000 });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  });

  it('shows the compliance report grouped as asked', async () => {
    await page.goto('/informes?informe=compliance&agrupar=category');
    await page.getByRole('heading', { name: 'Cumplimiento', level: 1 }).waitFor();
    await page.locator('.headline .figure').first().waitFor();
    await screenshot(page, 'informe-cumplimiento');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('keeps agents out', async () => {
    const agent = await ui.createAccount('agent');
    const agentPage = await (await newContext(browser, ui.baseUrl)).newPage();
    await signInThroughUi(agentPage, agent);
    await expect(agentPage.getByRole('link', { name: 'Informes' }).count()).resolves.toBe(0);
    await agentPage.goto('/informes');
    await agentPage.getByRole('heading', { name: 'Sin acceso' }).waitFor();
  });
});
