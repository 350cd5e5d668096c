import { runMesa } from '../../test/support/run-mesa';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  AcknowledgementData,
  formatBogotaDateTime,
  formatBogotaDay,
  renderTemplate,
  sampleTemplateData,
  TEMPLATE_NAMES,
  TemplateDataError,
  UnknownTemplateError,
} from './render-template';

const REPO = path.resolve(__dirname, '../..');

const INSTITUTIONAL = 'los usuarios de SisPT se solicitan desde el correo electrónico institucional de la entidad territorial, según el numeral 1.2 de la Circular 0023-4 de 2023';
const KPT_RETIRED = 'desde el jueves 1 de febrero de 2024 el buzón kpt@dnp.gov.co ya no se atiende';
const KPT_RETIRED_WRITE_TO = 'para sus próximas solicitudes escriba a planeacionterritorial@dnp.gov.co';
const KPT_REPORT =
  'el periodo para recibir consultas sobre el KPT en el buzón kpt@dnp.gov.co terminó el viernes 12 de enero de 2024. ' +
  'Le recordamos que el plazo para presentar el reporte de avance en el KPT vence el miércoles 31 de enero de 2024';

function acknowledgement(extra: Partial<AcknowledgementData> = {}) {
  return renderTemplate('acknowledgement', { ...sampleTemplateData('acknowledgement'), ...extra });
}

describe('renderTemplate', () => {
  it.each(TEMPLATE_NAMES.filter((name) => name !== 'weekly-report'))('renders %s with its sample data as subject, text and HTML', (name) => {
    const rendered = renderTemplate(name, sampleTemplateData(name));
    const ticketRef = (sampleTemplateData(name) as { ticketRef: string }).ticketRef;
    expect(rendered.subject).toContain(ticketRef);
    expect(rendered.subject).not.toMatch(/\n/);
    expect(rendered.text).toContain(ticketRef);
    expect(rendered.text.endsWith('\n')).toBe(true);
    expect(rendered.text).not.toMatch(/\n{3}/);
    expect(rendered.html).toMatch(/^<!DOCTYPE html>\n<html lang="es-CO">/);
    expect(rendered.html).toContain(ticketRef);
    // Nothing left unrendered, and nothing remote: no links, no images.
    for (const output of [rendered.subject ?? '', rendered.text, rendered.html]) {
      expect(output).not.toMatch(/\{\{|\}\}|undefined|null|\[object Object\]/);
    }
    expect(rendered.html).not.toMatch(/<img|<a\s|https?:|src=|<script/i);
  });

  it('writes the weekly report to supervisors: the week, the headline figures in es-CO, the attachment named', () => {
    const { subject, text, html } = renderTemplate('weekly-report', sampleTemplateData('weekly-report'));
    expect(subject).toBe('Informe semanal de la Mesa de Ayuda: semana del 15 al 21 de enero de 2024');
    for (const line of [
      '- Recibidos: 214\n',
      '- Resueltos: 187\n',
      '- Abiertos al terminar la semana: 96\n',
      '- Primera respuesta a tiempo: 91,2 %\n',
      '- Solución a tiempo: 83,8 %\n',
      '- Término legal cumplido: 98,5 %\n',
      '- Hasta la primera respuesta: 1 h 35 min hábiles\n',
      '- Hasta la solución: 20 h 30 min hábiles\n',
      'Pendientes al lunes 22 de enero de 2024, 8:00 a. m.\n',
      '- Vencidos: 4\n',
      'mesa-informe-semanal-2024-01-15-a-2024-01-21.xlsx',
    ]) {
      expect(text).toContain(line);
    }
    expect(text.endsWith('\n')).toBe(true);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="es-CO">/);
    expect(html).toContain('91,2 %');
    for (const output of [subject ?? '', text, html]) expect(output).not.toMatch(/\{\{|\}\}|undefined|null|\[object Object\]/);
    expect(html).not.toMatch(/<img|<a\s|https?:|src=|<script/i);
  });

  it('says "sin datos" for a weekly figure without data, and refuses a share outside 0–1', () => {
    const data = { ...sampleTemplateData('weekly-report'), legalShare: null, resolutionMedianMinutes: null, received: 1234567 };
    const { text } = renderTemplate('weekly-report', data);
    expect(text).toContain('- Término legal cumplido: sin datos\n');
    expect(text).toContain('- Hasta la solución: sin datos\n');
    expect(text).toContain('- Recibidos: 1.234.567\n');
    expect(() => renderTemplate('weekly-report', { ...sampleTemplateData('weekly-report'), firstResponseShare: 91.2 })).toThrow(/proporción entre 0 y 1/);
    expect(() => renderTemplate('weekly-report', { ...sampleTemplateData('weekly-report'), weekTo: '2024-01-14' })).toThrow(/weekTo/);
  });

  it('writes the acknowledgement the law asks for: radicado, date and time received, deadline, hours, how to add information', () => {
    const { subject, text, html } = acknowledgement();
    expect(subject).toBe('Constancia de radicación: Solicitud de usuario SisPT - Año 2024 - Tuluá [MDA-2024-000123]');
    expect(text).toContain('artículo 61 de la Ley 1437 de 2011');
    expect(text).toContain('Radicado: MDA-2024-000123\n');
    expect(text).toContain('Fecha y hora de recibo: martes 16 de enero de 2024, 9:12 a. m. (hora de Colombia)\n');
    expect(text).toContain('Tema: usuarios SisPT\n');
    expect(text).toContain('Fecha máxima de respuesta: martes 6 de febrero de 2024\n');
    expect(text).toContain('lunes a viernes de 8:00 a. m. a 4:00 p. m., hora de Colombia, excepto festivos');
    expect(text).toContain('responda a este correo conservando en el asunto el radicado [MDA-2024-000123]');
    expect(html).toContain('martes 16 de enero de 2024, 9:12 a. m. (hora de Colombia)');
    expect(html).toContain('martes 6 de febrero de 2024');
    // No variant unless asked for.
    for (const sentence of [INSTITUTIONAL, KPT_RETIRED, 'periodo para recibir consultas sobre el KPT']) {
      expect(text).not.toContain(sentence);
      expect(html).not.toContain(sentence);
    }
  });

  it.each([
    ['users', 'usuarios SisPT'],
    ['tech', 'soporte técnico de la plataforma'],
    ['formulation', 'formulación y seguimiento de planes'],
    ['unclassified', 'por clasificar'],
  ] as const)('labels the category %s in Spanish', (category, label) => {
    const { text, html } = acknowledgement({ category });
    expect(text).toContain(`Tema: ${label}\n`);
    expect(html).toContain(`>${label}</td>`);
  });

  it('asks for the institutional address when a SisPT account was requested from another one', () => {
    const { text, html } = acknowledgement({ nonInstitutionalUsersRequest: true });
    expect(text).toContain(INSTITUTIONAL);
    expect(html).toContain(INSTITUTIONAL);
  });

  it('says kpt@ is no longer attended and where to write instead', () => {
    const { text, html } = acknowledgement({ kptNotice: 'kpt-retired', kptRetiredSince: '2024-02-01T00:00:00-05:00' });
    for (const output of [text, html]) {
      expect(output).toContain(KPT_RETIRED);
      expect(output).toContain(KPT_RETIRED_WRITE_TO);
      expect(output).not.toContain('periodo para recibir consultas sobre el KPT');
    }
  });

  it('reminds the KPT report deadline after the question window closed', () => {
    const { text, html } = acknowledgement({ kptNotice: 'kpt-report-deadline', kptQuestionsClosedOn: '2024-01-12', kptReportDeadline: '2024-01-31' });
    expect(text).toContain(KPT_REPORT);
    expect(html).toContain(KPT_REPORT);
    expect(text).not.toContain(KPT_RETIRED);
  });

  it('combines the institutional-address request with a KPT notice', () => {
    const { text } = acknowledgement({
      nonInstitutionalUsersRequest: true,
      kptNotice: 'kpt-retired',
      kptRetiredSince: new Date('2024-02-01T05:00:00Z'),
    });
    expect(text).toContain(INSTITUTIONAL);
    expect(text).toContain(KPT_RETIRED);
  });

  it('escapes what the agent wrote in HTML and keeps it literal in the text', () => {
    const body = 'Respetada señora Peña:\n\nRevise <script>alert("x")</script> & "Cía" en la línea 2.\nGracias.';
    const { subject, text, html } = renderTemplate('agent-reply', {
      ...sampleTemplateData('agent-reply'),
      subject: 'RE: RE: Fallas <b>SisPT</b> & KPT [MDA-2024-000123]',
      body,
      agentName: 'Ana <Admin> & Co',
    });
    // Replying to our own reply never stacks prefixes or tokens.
    expect(subject).toBe('RE: Fallas <b>SisPT</b> & KPT [MDA-2024-000123]');
    expect(text).toContain(body);
    expect(text).toContain('Ana <Admin> & Co');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>SisPT</b>');
    expect(html).toContain('Revise &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Cía&quot; en la línea 2.<br>\nGracias.');
    expect(html).toContain('Respetada señora Peña:<br>\n<br>\nRevise');
    expect(html).toContain('<strong>Ana &lt;Admin&gt; &amp; Co</strong>');
    expect(html).toContain('<title>RE: Fallas &lt;b&gt;SisPT&lt;/b&gt; &amp; KPT [MDA-2024-000123]</title>');
  });

  it('notifies a legal extension with its reason and new deadline', () => {
    const { subject, text, html } = renderTemplate('legal-extension', sampleTemplateData('legal-extension'));
    expect(subject).toBe('Ampliación del plazo de respuesta: Consulta sobre la armonización del plan de desarrollo con el presupuesto [MDA-2024-000145]');
    expect(text).toContain('recibida el miércoles 17 de enero de 2024, 3:40 p. m.');
    expect(text).toContain('que vence el miércoles 7 de febrero de 2024, por el siguiente motivo:\n\nLa consulta requiere un concepto');
    expect(text).toContain('parágrafo del artículo 14 de la Ley 1437 de 2011, sustituido por el artículo 1 de la Ley 1755 de 2015');
    expect(text).toContain('sin exceder el doble del inicialmente previsto');
    expect(text).toContain('a más tardar el jueves 7 de marzo de 2024.');
    expect(html).toContain('a más tardar el <strong>jueves 7 de marzo de 2024</strong>');
  });

  it('tells how many business days the requester has to reopen a resolved request', () => {
    const five = renderTemplate('ticket-resolved', sampleTemplateData('ticket-resolved'));
    expect(five.subject).toBe('Solicitud resuelta: Solicitud de usuario SisPT - Año 2024 - Tuluá [MDA-2024-000123]');
    expect(five.text).toContain('responda a este correo dentro de los 5 días hábiles siguientes, conservando en el asunto el radicado [MDA-2024-000123]');
    expect(five.text).toContain('(fecha de cierre: miércoles 17 de enero de 2024, 10:05 a. m., hora de Colombia).');
    const one = renderTemplate('ticket-resolved', { ...sampleTemplateData('ticket-resolved'), reopenWithinDays: 1, resolvedAt: null, resolutionSummary: null });
    expect(one.text).toContain('responda a este correo dentro del día hábil siguiente,');
    expect(one.text).toContain('fue resuelta.\n');
    expect(one.text).not.toContain('Resumen de la respuesta');
  });

  it.each([
    ['sla-warning', 'firstResponse', 'Alerta de ANS: primera respuesta por vencer en MDA-2024-000123', 'Está por vencer el plazo de primera respuesta', 'Vence: '],
    ['sla-warning', 'resolution', 'Alerta de ANS: solución por vencer en MDA-2024-000123', 'Está por vencer el plazo de solución', 'Vence: '],
    ['sla-breach', 'legal', 'ANS vencido: término legal de MDA-2024-000123', 'Venció el término legal de respuesta', 'Venció: '],
  ] as const)('alerts staff (%s, %s)', (name, clock, subject, sentence, dueLabel) => {
    const rendered = renderTemplate(name, { ...sampleTemplateData(name), ticketRef: 'MDA-2024-000123', clock, dueAt: '2024-01-16T21:00:00Z', assigneeName: null });
    expect(rendered.subject).toBe(subject);
    expect(rendered.text).toContain(sentence);
    expect(rendered.text).toContain(`${dueLabel}martes 16 de enero de 2024, 4:00 p. m. (hora de Colombia)\n`);
    expect(rendered.text).toContain('Asignado a: sin asignar\n');
    expect(rendered.html).toContain('martes 16 de enero de 2024, 4:00 p. m. (hora de Colombia)');
    expect(rendered.text).toContain('No responda a este correo.');
  });

  describe('dates in Bogotá time', () => {
    it.each([
      [new Date('2024-01-16T14:12:00Z'), 'martes 16 de enero de 2024, 9:12 a. m.'],
      ['2024-01-16T14:12:00Z', 'martes 16 de enero de 2024, 9:12 a. m.'],
      ['2024-01-16T09:12', 'martes 16 de enero de 2024, 9:12 a. m.'],
      // Still Tuesday in Bogotá although it is Wednesday in UTC.
      ['2024-01-17T03:30:00Z', 'martes 16 de enero de 2024, 10:30 p. m.'],
      ['2024-01-16T17:00:00Z', 'martes 16 de enero de 2024, 12:00 p. m.'],
    ])('formats %p as %s', (value, expected) => {
      expect(formatBogotaDateTime(value)).toBe(expected);
    });

    it.each([
      // A calendar day is never shifted by the time zone.
      ['2024-02-06', 'martes 6 de febrero de 2024'],
      ['2024-01-31', 'miércoles 31 de enero de 2024'],
      ['2024-02-01T04:59:00Z', 'miércoles 31 de enero de 2024'],
      [new Date('2024-02-01T05:00:00Z'), 'jueves 1 de febrero de 2024'],
    ])('formats the day %p as %s', (value, expected) => {
      expect(formatBogotaDay(value)).toBe(expected);
    });

    it('uses Bogotá time in the acknowledgement whatever the time zone of the input', () => {
      const { text } = acknowledgement({ receivedAt: '2024-01-16T10:12:00-04:00' });
      expect(text).toContain('Fecha y hora de recibo: martes 16 de enero de 2024, 9:12 a. m. (hora de Colombia)');
    });
  });

  describe('missing or malformed data', () => {
    it.each<[string, Record<string, unknown>, RegExp]>([
      ['no ticketRef', { ticketRef: undefined }, /falta el dato obligatorio «ticketRef»/],
      ['a null receivedAt', { receivedAt: null }, /falta el dato obligatorio «receivedAt»/],
      ['no legalDeadline', { legalDeadline: undefined }, /falta el dato obligatorio «legalDeadline»/],
      ['a bad ticketRef', { ticketRef: 'MDA-24-1' }, /«ticketRef» debe ser un radicado como MDA-2024-000123/],
      ['an unknown category', { category: 'otros' }, /«category» debe ser uno de: users, tech, formulation, unclassified/],
      ['an impossible date', { legalDeadline: '2024-02-30' }, /«legalDeadline» debe ser una fecha/],
      ['a day without time for receivedAt', { receivedAt: '2024-01-16' }, /«receivedAt» debe incluir la hora/],
      ['kpt-retired without its date', { kptNotice: 'kpt-retired' }, /falta el dato obligatorio «kptRetiredSince»/],
      ['kpt-report-deadline without its dates', { kptNotice: 'kpt-report-deadline', kptQuestionsClosedOn: '2024-01-12' }, /falta el dato obligatorio «kptReportDeadline»/],
      ['an unknown kptNotice', { kptNotice: 'kpt-closed' }, /«kptNotice» debe ser uno de: kpt-retired, kpt-report-deadline/],
      ['a misspelt key', { kptnotice: 'kpt-retired' }, /dato desconocido «kptnotice»/],
      ['a string flag', { nonInstitutionalUsersRequest: 'sí' }, /«nonInstitutionalUsersRequest» debe ser true o false/],
    ])('refuses an acknowledgement with %s', (_what, change, message) => {
      const data = { ...sampleTemplateData('acknowledgement'), ...change };
      for (const [key, value] of Object.entries(change)) if (value === undefined) delete (data as Record<string, unknown>)[key];
      expect(() => renderTemplate('acknowledgement', data)).toThrow(TemplateDataError);
      expect(() => renderTemplate('acknowledgement', data)).toThrow(message);
    });

    it('refuses an agent reply with an empty body', () => {
      expect(() => renderTemplate('agent-reply', { ...sampleTemplateData('agent-reply'), body: '  \n' })).toThrow(
        'plantilla «agent-reply»: «body» no puede estar vacío',
      );
    });

    it('refuses an extension whose new deadline is not after the original one', () => {
      expect(() => renderTemplate('legal-extension', { ...sampleTemplateData('legal-extension'), newDeadline: '2024-02-07T15:00:00-05:00' })).toThrow(
        /«newDeadline» debe ser posterior a «originalDeadline»/,
      );
    });

    it('refuses data that is not an object', () => {
      expect(() => renderTemplate('sla-breach', null)).toThrow('plantilla «sla-breach»: los datos deben ser un objeto');
      expect(() => renderTemplate('sla-breach', [])).toThrow(TemplateDataError);
    });

    it('names the available templates for an unknown one', () => {
      expect(() => renderTemplate('acuse', {})).toThrow(UnknownTemplateError);
      expect(() => renderTemplate('acuse', {})).toThrow(
        'no existe la plantilla «acuse». Plantillas disponibles: acknowledgement, agent-reply, legal-extension, ticket-resolved, sla-warning, sla-breach',
      );
      expect(() => sampleTemplateData('acuse')).toThrow(UnknownTemplateError);
    });
  });

  it('hands out a fresh copy of the sample data', () => {
    const sample = sampleTemplateData('acknowledgement');
    sample.ticketRef = 'MDA-2024-999999';
    expect(sampleTemplateData('acknowledgement').ticketRef).toBe('MDA-2024-000123');
  });
});

const mesa = runMesa;

describe('mesa template:preview', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mesa-template-'));

  it('prints the subject and the text of the sample by default', async () => {
    const result = await mesa('template:preview', 'acknowledgement');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const expected = renderTemplate('acknowledgement', sampleTemplateData('acknowledgement'));
    expect(result.stdout).toBe(`Asunto: ${expected.subject}\n\n${expected.text}`);
  });

  it('prints only the HTML with --html', async () => {
    const result = await mesa('template:preview', '--html', 'sla-breach');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(renderTemplate('sla-breach', sampleTemplateData('sla-breach')).html);
  });

  it('uses the data of a JSON file with --data', async () => {
    const file = path.join(dir, 'datos.json');
    writeFileSync(file, JSON.stringify({ ...sampleTemplateData('acknowledgement'), ticketRef: 'MDA-2024-000777', kptNotice: 'kpt-retired', kptRetiredSince: '2024-02-01' }));
    const result = await mesa('template:preview', 'acknowledgement', '--text', '--data', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Asunto: Constancia de radicación: .* \[MDA-2024-000777\]\n\n/);
    expect(result.stdout).toContain(KPT_RETIRED);
  });

  it.each([
    ['an unknown template', ['acuse'], 2, /no existe la plantilla «acuse»\. Plantillas disponibles: acknowledgement, agent-reply, legal-extension, ticket-resolved, sla-warning, sla-breach/],
    ['no template', [], 2, /falta el nombre de la plantilla\. Plantillas disponibles: acknowledgement/],
    ['both formats', ['acknowledgement', '--html', '--text'], 2, /use --html o --text, no ambas/],
    ['an unknown option', ['acknowledgement', '--pdf'], 2, /opción desconocida «--pdf»/],
    ['--data without a file', ['acknowledgement', '--data'], 2, /--data necesita la ruta de un archivo JSON/],
    ['a missing data file', ['acknowledgement', '--data', '/no/existe.json'], 1, /no existe el archivo \/no\/existe\.json/],
  ])('explains %s in Spanish and exits non-zero', async (_what, args, code, message) => {
    const result = await mesa('template:preview', ...args);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^mesa template:preview: /);
    expect(result.stderr).toMatch(message);
  });

  it('explains bad JSON and incomplete data in the file', async () => {
    const broken = path.join(dir, 'roto.json');
    writeFileSync(broken, '{"ticketRef": ');
    const badJson = await mesa('template:preview', 'acknowledgement', '--data', broken);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/no es JSON válido/);

    const incomplete = path.join(dir, 'incompleto.json');
    writeFileSync(incomplete, JSON.stringify({ ticketRef: 'MDA-2024-000123' }));
    const missing = await mesa('template:preview', 'acknowledgement', '--data', incomplete);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/los datos de .*incompleto\.json no sirven: plantilla «acknowledgement»: falta el dato obligatorio «subject»/);
  });

  it('runs as its own process without loading the database layer', () => {
    const probe =
      "const M=require('module');const o=M._load;M._load=function(r,...a){if(/typeorm|^pg$/.test(r))throw new Error('cargó '+r);return o.call(this,r,...a)};" +
      "process.argv=[process.argv[0],'mesa','template:preview','sla-warning'];require('./bin/mesa.js')";
    const result = spawnSync(process.execPath, ['-e', probe], { cwd: REPO, encoding: 'utf8', timeout: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Asunto: Alerta de ANS: primera respuesta por vencer en MDA-2024-000123\n/);
  });
});
