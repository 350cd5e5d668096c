import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AppModule } from '../../../src/app.module';
import { SYSTEM_ACTOR } from '../../../src/auth/auth.types';
import { configureApp } from '../../../src/bootstrap';
import { IntakeSupervisor } from '../../../src/mail/intake/intake-supervisor.service';
import { UsersService } from '../../../src/users/users.service';
import { ensureMailServer, uniqueTestAccount } from '../../support/mail-server';
import { ensureSmtpSink } from '../../support/smtp-sink';
import { connectTestDatabase, createTestDatabase } from '../../support/test-database';
import { testConfig, waitFor } from '../../support/test-app';

export const ARTIFACTS_DIR = path.resolve(__dirname, '../../../test-artifacts');
export const SCREENSHOTS_DIR = path.join(ARTIFACTS_DIR, 'screenshots');

export type Role = 'agent' | 'supervisor' | 'admin';

export interface Account {
  email: string;
  password: string;
  name: string;
}

/** The whole service on a real HTTP port, with its own database and Dovecot accounts, intake and outbound running. */
export interface UiApp {
  app: INestApplication;
  baseUrl: string;
  db: Client;
  mailboxes: { kpt: string; planeacion: string };
  createAccount(role: Role, name?: string): Promise<Account>;
  close(): Promise<void>;
}

export async function startUiApp(suite: string, env: Record<string, string> = {}): Promise<UiApp> {
  await ensureMailServer();
  await ensureSmtpSink();
  const databaseUrl = await createTestDatabase(`ui_${suite}`);
  const db = await connectTestDatabase(databaseUrl);
  const kpt = await uniqueTestAccount(`ui-${suite}-kpt`);
  const planeacion = await uniqueTestAccount(`ui-${suite}-pt`);
  const config = testConfig(databaseUrl, { kpt, planeacion }, { OUTBOUND_RETRY_BASE_MS: '200', OUTBOUND_SWEEP_INTERVAL_SECONDS: '1', ...env });
  const app = configureApp(await NestFactory.create(AppModule.forRoot(config), { logger: ['error'] }));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  await waitFor(async () => app.get(IntakeSupervisor).status(), (s) => s.every((p) => p.state === 'connected'), 15000);
  let created = 0;
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    db,
    mailboxes: { kpt, planeacion },
    async createAccount(role, name) {
      created += 1;
      const account = { email: `${role}.${suite}.${created}@dnp.gov.co`.toLowerCase(), password: randomBytes(15).toString('base64url'), name: name ?? `Prueba ${role} ${created}` };
      await app.get(UsersService).create(SYSTEM_ACTOR, { ...account, role });
      return account;
    },
    async close() {
      await app.close();
      await db.end();
    },
  };
}

/** Debian's Chromium, headless, in Spanish (so the browser's own widgets speak it too). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--lang=es-CO'],
  });
}

export function newContext(browser: Browser, baseUrl: string): Promise<BrowserContext> {
  return browser.newContext({ baseURL: baseUrl, locale: 'es-CO', timezoneId: 'America/Bogota', viewport: { width: 1400, height: 900 } });
}

/** Signs in through the login page, as a person would. */
export async function signInThroughUi(page: Page, account: Account): Promise<void> {
  await page.goto('/');
  await page.getByLabel('Correo electrónico').fill(account.email);
  await page.getByLabel('Contraseña').fill(account.password);
  await page.getByRole('button', { name: 'Ingresar' }).click();
  await page.getByRole('button', { name: 'Salir' }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  // From the top: a full-page capture of a scrolled page paints the sticky top bar mid-page.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; html: string }>;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page and returns its serious and critical violations. Injected
 * through the DevTools protocol (page.evaluate), not a <script> tag: the app's
 * Content-Security-Policy rightly refuses inline scripts, and we test with it on.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    // Runs in the page; the project's TypeScript has no DOM types, hence the narrow cast.
    const page = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> } };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'], iframes: false });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}
