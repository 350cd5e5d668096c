import type { Browser, Page } from 'playwright-core';
import { deliverByLmtp } from '../support/mail-server';
import { sampleMail } from '../support/sample-mail';
import { uniqueSinkRecipient, waitForReceived } from '../support/smtp-sink';
import { waitFor } from '../support/test-app';
import { Account, launchChromium, newContext, screenshot, signInThroughUi, startUiApp, UiApp } from './support/ui-app';

jest.setTimeout(120000);

const OUR_MESSAGE_ID = /^<mda-\d{4}-\d{6}\.[A-Za-z0-9]+@dnp\.gov\.co>$/;

/**
 * The agent's day in a real browser against the real service: mail delivered to Dovecot shows
 * up in the open queue without a reload, the agent takes it and answers with a template, the
 * answer reaches the SMTP receiver threaded, and the official's answer lands in the same ticket.
 */
describe('agent workflow in Chromium', () => {
  let ui: UiApp;
  let browser: Browser;
  let page: Page;
  let agent: Account;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ui = await startUiApp('workflow');
    agent = await ui.createAccount('agent', 'Laura Agente');
    browser = await launchChromium();
    page = await (await newContext(browser, ui.baseUrl)).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signInThroughUi(page, agent);
  });

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
  });

  it('shows new mail in the open queue live, takes it, replies with a template, and threads the official’s answer', async () => {
    await page.getByRole('heading', { name: 'Todos los abiertos' }).waitFor();
    await page.getByText('No hay tickets en esta cola.').waitFor();

    const official = uniqueSinkRecipient('flujo');
    const subject = 'Solicitud de usuario SisPT para la Alcaldía de Güicán';
    const opening = sampleMail({ from: `Ana Muñoz <${official}>`, subject });
    await deliverByLmtp(ui.mailboxes.planeacion, opening.raw);

    // No reload: the server-sent events stream makes the list refetch.
    const row = page.getByRole('row').filter({ hasText: subject });
    await row.waitFor({ timeout: 15000 });
    const reference = (await row.locator('td.ref').innerText()).trim();
    expect(reference).toMatch(/^MDA-\d{4}-\d{6}$/);
    await expect(row.locator('.badge').innerText()).resolves.toMatch(/^vence en .+ hábiles$/);
    await screenshot(page, 'cola-agente');

    await row.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
    await page.keyboard.press('t');
    await page.getByText('Ticket tomado.').waitFor();
    await page.getByRole('region', { name: 'Acciones' }).getByText('Asignado a: Laura Agente').waitFor();

    await page.keyboard.press('r');
    const templateSelect = page.getByLabel('Insertar plantilla');
    const firstTemplate = templateSelect.locator('option').nth(1);
    await firstTemplate.waitFor({ state: 'attached' });
    await templateSelect.selectOption({ index: 1 });
    const composer = page.getByLabel('Texto de la respuesta');
    const templateText = await composer.inputValue();
    expect(templateText.length).toBeGreaterThan(40);
    await composer.press('End');
    await composer.pressSequentially('\nQuedamos atentos.');
    await screenshot(page, 'ticket-respuesta');
    await page.getByRole('button', { name: 'Enviar respuesta' }).click();
    await page.getByText(/Respuesta encolada/).waitFor();

    const reply = await waitForReceived((message) => (message.text ?? '').includes('Quedamos atentos.'), 20000, { to: official });
    expect(reply.headers.subject).toBe(`RE: ${subject} [${reference}]`);
    expect(reply.headers.messageId).toMatch(OUR_MESSAGE_ID);
    expect(reply.headers.messageId).toContain(reference.toLowerCase());
    expect(reply.headers.references).toContain(opening.messageId);
    expect(reply.headers.inReplyTo).not.toBeNull();
    expect(reply.headers.autoSubmitted).toBeNull();
    expect(reply.text).toContain(templateText.split('\n')[0].trim());

    // The official answers from a mail client: Dovecot → intake → the same ticket, shown live on the open page.
    const answer = sampleMail({
      from: `Ana Muñoz <${official}>`,
      subject: `RE: ${reply.headers.subject}`,
      inReplyTo: reply.headers.messageId!,
      references: [...reply.headers.references, reply.headers.messageId!],
      body: 'Gracias, ya enviamos el oficio firmado por el alcalde.\r\n',
    });
    await deliverByLmtp(ui.mailboxes.planeacion, answer.raw);
    await page.getByText('Gracias, ya enviamos el oficio firmado por el alcalde.').waitFor({ timeout: 15000 });
    const tickets = await ui.db.query(`SELECT t.reference, count(a.*) AS incoming FROM tickets t JOIN articles a ON a.ticket_id = t.id AND a.direction = 'incoming' WHERE t.requester_address = $1 GROUP BY t.reference`, [official]);
    expect(tickets.rows).toEqual([{ reference, incoming: '2' }]);
    await screenshot(page, 'ticket-hilo');
    expect(pageErrors).toEqual([]);
  });

  it('finds a ticket by typing in the search box, accent-insensitively, with the matches highlighted', async () => {
    await deliverByLmtp(
      ui.mailboxes.planeacion,
      sampleMail({ from: uniqueSinkRecipient('busqueda'), subject: 'Olvidé la contraseña de SisPT', body: 'No recuerdo la contraseña del usuario de planeación.\r\n' }).raw,
    );
    await waitFor(async () => (await ui.db.query(`SELECT 1 FROM tickets WHERE subject = 'Olvidé la contraseña de SisPT'`)).rowCount, (n) => n === 1, 15000);
    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    await page.keyboard.type('contrasena');
    const option = page.getByRole('option').filter({ hasText: 'Olvidé la contraseña de SisPT' });
    await option.waitFor();
    await expect(option.locator('mark').first().innerText()).resolves.toMatch(/contraseña/i);
    await screenshot(page, 'busqueda');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Olvidé la contraseña de SisPT/ }).waitFor();
  });

  it('moves through the queue with the keyboard and lists the shortcuts in a help panel', async () => {
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.getByRole('heading', { name: 'Todos los abiertos' }).waitFor();
    await page.locator('table.tickets tbody tr').nth(1).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('j');
    await expect(page.locator('table.tickets tbody tr.selected').getAttribute('data-row')).resolves.toBe('1');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Atajos de teclado' });
    await help.waitFor();
    await expect(help.innerText()).resolves.toContain('tomar el ticket abierto');
    await screenshot(page, 'atajos');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    const second = (await page.locator('table.tickets tbody tr.selected td.ref').innerText()).trim();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(second) }).waitFor();
  });

  it('asks to sign in again when the session ends, keeping the reply being written', async () => {
    await page.goto('/');
    await page.locator('table.tickets td.ref a').first().click();
    await page.getByRole('heading', { name: /MDA-/ }).waitFor();
    await page.keyboard.press('r');
    const composer = page.getByLabel('Texto de la respuesta');
    await composer.fill('Borrador que no se debe perder');
    // Signed out elsewhere (another tab): the session is gone on the server.
    const status = await page.evaluate(async () => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      return (await fetch('/api/auth/logout', { method: 'POST', headers: { 'X-CSRF-Token': session.csrfToken } })).status;
    });
    expect(status).toBe(204);
    await page.getByRole('button', { name: 'Enviar respuesta' }).click();
    const dialog = page.getByRole('dialog', { name: 'Su sesión terminó' });
    await dialog.waitFor();
    await screenshot(page, 'sesion-terminada');
    await dialog.getByLabel('Contraseña').fill(agent.password);
    await dialog.getByRole('button', { name: 'Ingresar' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect(composer.inputValue()).resolves.toBe('Borrador que no se debe perder');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: 'Salir' }).click();
    await page.getByRole('button', { name: 'Ingresar' }).waitFor();
    const status = await page.evaluate(async () => (await fetch('/api/tickets')).status);
    expect(status).toBe(401);
  });
});
