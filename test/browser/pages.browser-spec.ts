import type { Browser, Page } from 'playwright-core';
import { deliverByLmtp } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { uniqueSinkRecipient } from '../support/smtp-sink';
import { waitFor } from '../support/test-app';
import { launchChromium, newContext, screenshot, seriousAccessibilityViolations, signInThroughUi, startUiApp, UiApp } from './support/ui-app';

jest.setTimeout(180000);

/**
 * Every main page, as agents and supervisors see it: axe-core finds no serious or critical
 * accessibility violation, and a screenshot of each goes to test-artifacts/screenshots.
 */
describe('main pages: accessibility and screenshots', () => {
  let ui: UiApp;
  let browser: Browser;
  let reference: string;

  beforeAll(async () => {
    ui = await startUiApp('pages');
    browser = await launchChromium();
    const mails = [
      { subject: 'Solicitud de usuario SisPT - Municipio de Güicán de la Sierra', body: 'Solicitamos el usuario de SisPT para la secretaria de planeación de Güicán (Boyacá).\r\n' },
      { subject: 'Error al cargar el Plan Indicativo en SisPT', body: 'La plataforma muestra un error 500 al guardar las metas del plan.\r\n', withAttachment: true },
      { subject: 'Dudas sobre el Plan Plurianual de Inversiones 2024-2027', body: 'Quisiéramos orientación para formular el plan plurianual del departamento del Cauca.\r\n' },
    ];
    for (const mail of mails) await deliverByLmtp(ui.mailboxes.planeacion, sampleMail({ from: uniqueSinkRecipient('paginas'), ...mail }).raw);
    const rows = await waitFor(async () => (await ui.db.query(`SELECT reference FROM tickets ORDER BY id`)).rows, (found) => found.length === mails.length, 15000);
    reference = rows[0].reference;
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  async function check(page: Page, name: string): Promise<void> {
    await screenshot(page, name);
    const violations = await seriousAccessibilityViolations(page);
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  it('login page', async () => {
    const page = await (await newContext(browser, ui.baseUrl)).newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Ingresar' }).waitFor();
    await check(page, 'inicio-de-sesion');
    await page.getByLabel('Correo electrónico').fill('nadie@dnp.gov.co');
    await page.getByLabel('Contraseña').fill('contraseña equivocada');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('alert').waitFor();
    await check(page, 'inicio-de-sesion-error');
  });

  it('agent pages: queue, ticket, search, shortcuts', async () => {
    const agent = await ui.createAccount('agent', 'Andrés Agente');
    const page = await (await newContext(browser, ui.baseUrl)).newPage();
    await signInThroughUi(page, agent);
    await page.locator('table.tickets tbody tr').nth(2).waitFor();
    await check(page, 'cola');
    await page.goto(`/tickets/${reference}`);
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
    await page.locator('iframe.mail-html').first().waitFor();
    await check(page, 'ticket');
    await page.getByRole('tab', { name: /Nota interna/ }).click();
    await check(page, 'ticket-nota');
    await page.getByRole('combobox', { name: 'Buscar tickets' }).fill('plataforma');
    await page.getByRole('option').first().waitFor();
    await check(page, 'busqueda-resultados');
    await page.keyboard.press('Escape');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Atajos de teclado' }).waitFor();
    await check(page, 'ayuda-atajos');
  });

  it('supervisor admin pages', async () => {
    const supervisor = await ui.createAccount('supervisor', 'Sofía Supervisora');
    const page = await (await newContext(browser, ui.baseUrl)).newPage();
    await signInThroughUi(page, supervisor);
    for (const [path, heading, ready] of [
      ['/admin/cuentas', 'Cuentas y roles', supervisor.email],
      ['/admin/buzones', 'Buzones', 'planeacionterritorial@dnp.gov.co'],
      ['/admin/calendario', 'ANS y calendario', 'Día de San José'],
      ['/admin/enrutamiento', 'Reglas de enrutamiento', 'Precisión'],
    ] as const) {
      await page.goto(path);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.getByText(ready).first().waitFor();
      await check(page, `admin-${path.split('/').pop()}`);
    }
  });
});
