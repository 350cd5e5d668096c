/**
 * Delivers a handful of realistic Spanish e-mails to the local Dovecot over LMTP,
 * as territorial officials would write them, so a newcomer sees tickets appear.
 * Message-IDs are fixed: running it twice shows that intake never duplicates.
 */
import { createTransport } from 'nodemailer';

const LMTP_PORT = Number(process.env.MAIL_SERVER_LMTP_PORT ?? 2424);
const KPT = process.env.MAILBOX_KPT_IMAP_USER ?? 'kpt@dnp.gov.co';
const PT = process.env.MAILBOX_PLANEACION_IMAP_USER ?? 'planeacionterritorial@dnp.gov.co';

interface Sample {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  inReplyTo?: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
  headers?: Record<string, string>;
}

const samples: Sample[] = [
  {
    to: [PT],
    from: 'Secretaría de Planeación de Güicán <planeacion@guican-boyaca.gov.co>',
    subject: 'Solicitud de usuario SisPT - Municipio de Güicán de la Sierra',
    text: 'Cordial saludo.\n\nSolicitamos la creación del usuario en SisPT para la Secretaría de Planeación del municipio de Güicán de la Sierra (Boyacá), con el correo institucional planeacion@guican-boyaca.gov.co.\n\nAtentamente,\nLuz Marina Peña\nSecretaria de Planeación',
    messageId: '<muestra-001@guican-boyaca.gov.co>',
  },
  {
    to: [PT],
    from: 'Jhon Fredy Muñoz <jfmunoz.planeacion@gmail.com>',
    subject: 'no puedo entrar a sispt',
    text: 'buenas tardes, no he podido ingresar a la plataforma sispt, me sale error de contraseña. soy el enlace de planeacion de tumaco. gracias',
    messageId: '<muestra-002@mail.gmail.com>',
  },
  {
    to: [PT],
    from: 'Oficina Asesora de Planeación <planeacion@narino.gov.co>',
    subject: 'Dudas sobre el Plan Plurianual de Inversiones 2024-2027',
    text: 'Buenos días:\n\nAdjuntamos el borrador del Plan Plurianual de Inversiones del departamento de Nariño. Quisiéramos saber si la estructura cumple con la guía publicada en SisPT.\n\nCordialmente,\nOficina Asesora de Planeación\nGobernación de Nariño',
    html: '<p>Buenos días:</p><p>Adjuntamos el borrador del <b>Plan Plurianual de Inversiones</b> del departamento de Nariño.</p><script>alert("x")</script><img src="https://rastreo.example.com/pixel.gif">',
    messageId: '<muestra-003@narino.gov.co>',
    attachments: [{ filename: 'Plan Plurianual de Inversiones - Nariño.pdf', content: Buffer.from('%PDF-1.4\n% muestra\n%%EOF\n'), contentType: 'application/pdf' }],
  },
  {
    to: [KPT],
    from: 'Alcaldía de Quibdó <planeacion@quibdo-choco.gov.co>',
    subject: 'Reporte de avance del plan de desarrollo 2020-2023 en KPT',
    text: 'Señores DNP:\n\nEl gobierno saliente no nos entregó la contraseña del KPT. ¿Cómo podemos reportar el avance del plan de desarrollo antes del 31 de enero?\n\nGracias.',
    messageId: '<muestra-004@quibdo-choco.gov.co>',
  },
  {
    to: [KPT, PT],
    from: 'Planeación Leticia <planeacion@leticia-amazonas.gov.co>',
    subject: 'Usuario KPT y SisPT para el nuevo secretario',
    text: 'Buenas tardes. Escribimos a ambos buzones: necesitamos el usuario de KPT para el reporte y el de SisPT para la formulación. Gracias.',
    messageId: '<muestra-005@leticia-amazonas.gov.co>',
  },
  {
    to: [PT],
    from: 'Secretaría de Planeación de Güicán <planeacion@guican-boyaca.gov.co>',
    subject: 'RE: Solicitud de usuario SisPT - Municipio de Güicán de la Sierra',
    text: 'Adicionalmente enviamos el acta de posesión del secretario.\n\n> Solicitamos la creación del usuario en SisPT...',
    messageId: '<muestra-006@guican-boyaca.gov.co>',
    inReplyTo: '<muestra-001@guican-boyaca.gov.co>',
  },
  {
    to: [PT],
    from: 'Alcaldía de Montería <planeacion@monteria-cordoba.gov.co>',
    subject: 'Respuesta automática: Fuera de la oficina',
    text: 'Me encuentro fuera de la oficina hasta el 22 de enero. Para asuntos urgentes comuníquese con el despacho.',
    messageId: '<muestra-007@monteria-cordoba.gov.co>',
    headers: { 'Auto-Submitted': 'auto-replied' },
  },
];

async function main(): Promise<void> {
  const transport = createTransport({ host: '127.0.0.1', port: LMTP_PORT, lmtp: true });
  try {
    for (const sample of samples) {
      await transport.sendMail({
        envelope: { from: 'remitente@ejemplo.gov.co', to: sample.to },
        from: sample.from,
        to: sample.to.map((address) => (address === KPT ? 'kpt@dnp.gov.co' : 'planeacionterritorial@dnp.gov.co')).join(', '),
        subject: sample.subject,
        text: sample.text,
        html: sample.html,
        messageId: sample.messageId,
        inReplyTo: sample.inReplyTo,
        references: sample.inReplyTo,
        attachments: sample.attachments,
        headers: sample.headers,
      });
    }
    console.log(`Correos de muestra entregados: ${samples.length} (a ${KPT} y ${PT}).`);
  } finally {
    transport.close();
  }
}

main().catch((error: unknown) => {
  console.error('No se pudieron entregar los correos de muestra:', error instanceof Error ? error.message : error);
  process.exit(1);
});
