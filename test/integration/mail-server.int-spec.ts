import { randomBytes } from 'crypto';
import { ImapFlow } from 'imapflow';
import {
  appendByImap,
  appendManyByImap,
  changeUidValidity,
  createFolder,
  deliverByLmtp,
  ensureMailServer,
  folderStatus,
  listMessages,
  mailServerConfig,
  startMailServer,
  stopMailServer,
  uniqueTestAccount,
} from '../support/mail-server';

jest.setTimeout(60_000);

function rawMessage(messageId: string, to: string, subject: string): string {
  return [
    'From: Alcaldía de Pasto <planeacion@pasto.gov.co>',
    `To: ${to}`,
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Tue, 25 Nov 2025 09:15:00 -0500',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Buenos días, no podemos cargar el reporte del KPT.',
    '',
  ].join('\r\n');
}

function newMessageId(): string {
  return `<${randomBytes(8).toString('hex')}@pruebas.pasto.gov.co>`;
}

describe('project mail server (real Dovecot)', () => {
  beforeAll(async () => {
    await ensureMailServer();
  });

  it('delivers one LMTP transaction to two accounts and both INBOXes show it', async () => {
    const first = await uniqueTestAccount('lmtp-a');
    const second = await uniqueTestAccount('lmtp-b');
    const messageId = newMessageId();

    await deliverByLmtp([first, second], rawMessage(messageId, `${first}, ${second}`, 'Soporte KPT'));

    for (const account of [first, second]) {
      const messages = await listMessages(account, 'INBOX');
      expect(messages).toHaveLength(1);
      expect(messages[0].messageId).toBe(messageId);
      expect(messages[0].flags).not.toContain('\\Seen');
    }
  });

  it('rejects an LMTP recipient that has no account', async () => {
    const unknown = `t-no-existe-${randomBytes(5).toString('hex')}@dnp.gov.co`;
    await expect(deliverByLmtp(unknown, rawMessage(newMessageId(), unknown, 'x'))).rejects.toThrow(unknown);
  });

  it('keeps the INTERNALDATE and flags given to APPEND, in a created folder', async () => {
    const account = await uniqueTestAccount('append');
    const internalDate = new Date('2024-12-24T15:30:00.000Z');
    const messageId = newMessageId();

    expect(await createFolder(account, 'Procesados')).toBe(true);
    expect(await createFolder(account, 'Procesados')).toBe(false);
    const appended = await appendByImap(account, 'Procesados', rawMessage(messageId, account, 'Histórico'), {
      flags: ['\\Seen'],
      internalDate,
    });

    const messages = await listMessages(account, 'Procesados');
    expect(messages).toEqual([{ uid: appended.uid, flags: ['\\Seen'], messageId, internalDate }]);
    expect(await listMessages(account, 'INBOX')).toEqual([]);
  });

  it('appends many messages over one connection with increasing UIDs', async () => {
    const account = await uniqueTestAccount('bulk');
    const ids = Array.from({ length: 50 }, () => newMessageId());

    const results = await appendManyByImap(
      account,
      'INBOX',
      ids.map((id, i) => rawMessage(id, account, `Lote ${i}`)),
    );

    const uids = results.map((r) => r.uid);
    expect(uids).toEqual([...uids].sort((a, b) => a - b));
    expect(new Set(uids).size).toBe(ids.length);
    expect((await listMessages(account)).map((m) => m.messageId)).toEqual(ids);
  });

  it('gives the folder a new UIDVALIDITY after changeUidValidity', async () => {
    const account = await uniqueTestAccount('uidvalidity');
    await deliverByLmtp(account, rawMessage(newMessageId(), account, 'Antes del cambio'));
    const before = await folderStatus(account, 'INBOX');

    const changed = await changeUidValidity(account, 'INBOX');

    const after = await folderStatus(account, 'INBOX');
    expect(changed).not.toBe(before.uidValidity);
    expect(after.uidValidity).toBe(changed);
    expect(after.messages).toBe(1);
  });

  it('refuses IMAP while stopped and serves the same mail again after a restart', async () => {
    const account = await uniqueTestAccount('outage');
    const messageId = newMessageId();
    await deliverByLmtp(account, rawMessage(messageId, account, 'Antes de la caída'));

    await stopMailServer();
    try {
      const { host, imapPort, password } = mailServerConfig();
      const client = new ImapFlow({
        host,
        port: imapPort,
        secure: false,
        auth: { user: account, pass: password },
        logger: false,
        connectionTimeout: 3_000,
      });
      client.on('error', () => undefined);
      await expect(client.connect()).rejects.toThrow();
      client.close();
    } finally {
      await startMailServer();
    }

    expect((await listMessages(account)).map((m) => m.messageId)).toEqual([messageId]);
  });
});
