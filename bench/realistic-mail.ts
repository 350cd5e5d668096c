import { randomUUID } from 'crypto';

/**
 * Synthetic but realistic help-desk mail: what territorial officials send (Spanish,
 * accents, HTML alternatives from webmail, quoted replies, 10 % with a PDF or
 * spreadsheet attached). Deterministic for a given index.
 */
const MUNICIPALITIES = ['San Juan de Pasto', 'Güicán de la Sierra', 'Tumaco', 'Cúcuta', 'Montería', 'Quibdó', 'Leticia', 'Riohacha', 'Ibagué', 'Tunja'];
const TOPICS = [
  ['Solicitud de usuario SisPT', 'Solicitamos la creación del usuario en SisPT para la Secretaría de Planeación, con el correo institucional de la entidad.'],
  ['Error al cargar el Plan Plurianual de Inversiones', 'Al subir el archivo del Plan Plurianual de Inversiones la plataforma muestra un error y no guarda la información.'],
  ['Consulta sobre el Capítulo Independiente de Regalías', 'Tenemos dudas sobre cómo diligenciar el Capítulo Independiente de Regalías en el módulo de formulación.'],
  ['Reporte de avance en KPT', 'Necesitamos reportar el avance del plan de desarrollo 2020-2023 en el KPT pero no tenemos la contraseña del gobierno saliente.'],
  ['Restablecer contraseña', 'No he podido ingresar a la plataforma; el enlace para restablecer la contraseña no llega a mi correo.'],
];

function pdfBytes(size: number, seed: number): Buffer {
  const body = Buffer.alloc(size);
  for (let i = 0; i < size; i++) body[i] = (i * 31 + seed * 7) & 0xff;
  return Buffer.concat([Buffer.from('%PDF-1.5\n', 'latin1'), body, Buffer.from('\n%%EOF\n', 'latin1')]);
}

function wrap76(text: string): string {
  return text.replace(/.{1,76}/g, '$&\r\n');
}

export function realisticMail(index: number, to = 'planeacionterritorial@dnp.gov.co'): Buffer {
  const municipality = MUNICIPALITIES[index % MUNICIPALITIES.length];
  const [topic, sentence] = TOPICS[index % TOPICS.length];
  const subject = `${topic} - ${municipality} (${index})`;
  const paragraphs = [
    'Cordial saludo,',
    `${sentence} El municipio de ${municipality} agradece su colaboración.`,
    'Quedamos atentos a su respuesta y a las orientaciones de la Subdirección de Planeación Territorial.',
    `Atentamente,\nSecretaría de Planeación\nAlcaldía de ${municipality}\nTeléfono: 60${index % 10} 555 ${1000 + (index % 9000)}`,
  ];
  const text = paragraphs.join('\n\n');
  const html = `<html><body>${paragraphs.map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('')}<img src="https://tracker.example.com/p.gif"></body></html>`;
  const boundary = `alt-${index}-${randomUUID()}`;
  const headers = [
    `From: Secretaría de Planeación <planeacion${index % 1100}@municipio${index % 1100}.gov.co>`,
    `To: ${to}`,
    `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
    `Date: ${new Date(Date.UTC(2024, 0, 2 + (index % 28), 13, index % 60)).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <bench-${index}-${randomUUID()}@municipio${index % 1100}.gov.co>`,
    'MIME-Version: 1.0',
  ];
  const alternative =
    `Content-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n` +
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(Buffer.from(text).toString('base64'))}` +
    `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap76(Buffer.from(html).toString('base64'))}` +
    `--${boundary}--\r\n`;
  if (index % 10 !== 0) return Buffer.from(`${headers.join('\r\n')}\r\n${alternative}`, 'utf8');
  const mixed = `mix-${index}-${randomUUID()}`;
  const attachment = pdfBytes(20000 + (index % 7) * 3000, index);
  return Buffer.from(
    `${headers.join('\r\n')}\r\nContent-Type: multipart/mixed; boundary="${mixed}"\r\n\r\n` +
      `--${mixed}\r\n${alternative}\r\n` +
      `--${mixed}\r\nContent-Type: application/pdf; name="oficio-${index}.pdf"\r\nContent-Disposition: attachment; filename="oficio-${index}.pdf"\r\n` +
      `Content-Transfer-Encoding: base64\r\n\r\n${wrap76(attachment.toString('base64'))}--${mixed}--\r\n`,
    'utf8',
  );
}
