import { randomUUID } from 'crypto';

export interface SampleMailOptions {
  from?: string;
  to?: string;
  subject?: string;
  body?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  extraHeaders?: Record<string, string>;
  /** Adds a small PDF attachment. */
  withAttachment?: boolean;
}

/** The bytes of the PDF that `withAttachment` adds. */
export const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');

/** A small, valid UTF-8 Spanish e-mail built by hand (no library), for integration tests and benchmarks. */
export function sampleMail(options: SampleMailOptions = {}): { raw: Buffer; messageId: string | null } {
  const messageId = options.messageId === undefined ? `<${randomUUID()}@alcaldia-ejemplo.gov.co>` : options.messageId;
  const subject = options.subject ?? 'Solicitud de usuario SisPT para la Secretaría de Planeación';
  const headers = [
    `From: ${options.from ?? 'Secretaría de Planeación <planeacion@sanjuan-narino.gov.co>'}`,
    `To: ${options.to ?? 'planeacionterritorial@dnp.gov.co'}`,
    `Subject: =?UTF-8?B?${Buffer.from(subject, 'utf8').toString('base64')}?=`,
    `Date: ${(options.date ?? new Date('2024-01-16T14:12:00Z')).toUTCString().replace('GMT', '+0000')}`,
    'MIME-Version: 1.0',
  ];
  if (messageId) headers.push(`Message-ID: ${messageId}`);
  if (options.inReplyTo) headers.push(`In-Reply-To: ${options.inReplyTo}`);
  if (options.references?.length) headers.push(`References: ${options.references.join(' ')}`);
  for (const [name, value] of Object.entries(options.extraHeaders ?? {})) headers.push(`${name}: ${value}`);
  const body =
    options.body ??
    'Buenos días,\r\n\r\nSolicitamos la creación del usuario en SisPT para el municipio de San Juan (Nariño).\r\n' +
      'El correo institucional es planeacion@sanjuan-narino.gov.co.\r\n\r\nCordialmente,\r\nMaría Peña Ñustes\r\n';
  if (!options.withAttachment) {
    headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
    return { raw: Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`, 'utf8'), messageId };
  }
  const boundary = `b-${randomUUID()}`;
  const pdf = SAMPLE_PDF;
  headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
  const parts = [
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`,
    `--${boundary}\r\nContent-Type: application/pdf; name="plan-de-desarrollo.pdf"\r\n` +
      `Content-Disposition: attachment; filename="plan-de-desarrollo.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n` +
      `${pdf.toString('base64')}\r\n`,
    `--${boundary}--\r\n`,
  ];
  return { raw: Buffer.from(`${headers.join('\r\n')}\r\n\r\n${parts.join('\r\n')}`, 'utf8'), messageId };
}
