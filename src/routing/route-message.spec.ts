import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRoutingRules, loadRoutingRules, RoutingRulesError } from './load-routing-rules';
import { routeMessage } from './route-message';
import { evaluateRouting, parseLabelledMessages } from './routing-evaluation';
import { RULE_CATEGORIES, RoutingInput } from './routing.types';

const RECEIVED_AT = new Date('2024-01-22T14:00:00Z');
const PLANEACION = 'planeacionterritorial@dnp.gov.co';
const KPT = 'kpt@dnp.gov.co';

function message(overrides: Partial<RoutingInput>): RoutingInput {
  return { subject: '', text: '', attachmentNames: [], mailboxAddress: PLANEACION, receivedAt: RECEIVED_AT, ...overrides };
}

const rules = defaultRoutingRules();
const route = (overrides: Partial<RoutingInput>) => routeMessage(message(overrides), rules);

describe('routeMessage', () => {
  describe('matches without regard to accents, case or common typos', () => {
    it.each([
      ['with accents', 'Olvidé mi contraseña'],
      ['without accents', 'olvide mi contrasena'],
      ['in capitals', 'OLVIDÉ MI CONTRASEÑA'],
      ['with a missing letter', 'olvide mi contrseña'],
    ])('%s', (_name, subject) => {
      const decision = route({ subject, text: 'Por favor ayúdenme.' });
      expect(decision.category).toBe('users');
      expect(decision.matchedRule).toBe('users.password');
    });

    it('reads "usario" as "usuario"', () => {
      const typo = route({ text: 'mi usario no funciona bien' }).scores.users;
      expect(typo).toBeGreaterThan(0);
      expect(typo).toBe(route({ text: 'mi usuario no funciona bien' }).scores.users);
    });

    it('reads "clave" as a password signal', () => {
      expect(route({ subject: 'clave', text: 'No tenemos la clave del KPT.' }).category).toBe('users');
    });
  });

  it('weighs a signal in the subject more than the same signal in the body', () => {
    const inSubject = route({ subject: 'Plan plurianual de inversiones', text: 'Buenos días.' });
    const inBody = route({ subject: 'Consulta', text: 'Buenos días. Plan plurianual de inversiones.' });
    expect(inSubject.scores.formulation).toBeGreaterThan(inBody.scores.formulation);
  });

  it('lets the subject decide between two equally strong signals', () => {
    expect(route({ subject: 'Error en la plataforma', text: 'Tenemos dudas sobre las metas.' }).category).toBe('tech');
    expect(route({ subject: 'Dudas sobre las metas', text: 'Sale un error en la plataforma.' }).category).toBe('formulation');
  });

  describe('gives less weight to text the sender did not write now', () => {
    const sentence = 'Solicito restablecer la contraseña del usuario.';

    it.each([
      ['a ">" quote', `Gracias.\n\n> ${sentence}`],
      ['a Gmail attribution', `Gracias.\n\nEl mar, 16 ene 2024 a las 10:03, Mesa de Ayuda <x@dnp.gov.co> escribió:\n${sentence}`],
      ['a wrapped Gmail attribution', `Gracias.\n\nEl mar, 16 ene 2024 a las 10:03, Mesa de Ayuda\n<x@dnp.gov.co> escribió:\n${sentence}`],
      ['an English attribution', `Gracias.\n\nOn Wed, Jan 17, 2024 at 8:45 AM Mesa wrote:\n${sentence}`],
      ['an Outlook original-message separator', `Gracias.\n\n-----Mensaje original-----\nDe: Mesa\n${sentence}`],
      ['an Outlook De:/Enviado: block', `Gracias.\n\nDe: Mesa de Ayuda\nEnviado: jueves, 18 de enero de 2024\nPara: nosotros\n\n${sentence}`],
      ['a signature after "-- "', `Gracias.\n-- \n${sentence}`],
      ['a signature after "Cordialmente,"', `Gracias.\n\nCordialmente,\n${sentence}`],
      ['a signature after "Atentamente"', `Gracias.\nAtentamente\n${sentence}`],
    ])('%s', (_name, text) => {
      const fresh = route({ subject: 'Consulta', text: sentence }).scores.users;
      const demoted = route({ subject: 'Consulta', text }).scores.users;
      expect(demoted).toBeGreaterThan(0);
      expect(demoted).toBeLessThan(fresh / 2);
    });

    it('routes by the new question, not by the quoted earlier one', () => {
      const decision = route({
        subject: 'Consulta',
        text: '¿El PPI se proyecta a precios constantes o corrientes?\n\n> Su contraseña fue restablecida, ingrese con su usuario.',
      });
      expect(decision.category).toBe('formulation');
    });

    it('reads an HTML-only body and treats <blockquote> as quoted', () => {
      const html = '<p>Gracias&nbsp;por&nbsp;la&nbsp;respuesta.</p><p>El plan plurianual de inversiones ¿incluye cr&eacute;dito?</p>' +
        '<blockquote><p>Su contraseña y usuario fueron restablecidos.</p></blockquote>';
      expect(routeMessage({ ...message({ subject: 'Consulta', text: null }), html }, rules).category).toBe('formulation');
    });

    it('reads forwarded content nearly as the sender’s own when the subject says it is a forward', () => {
      const text = 'Para su gestión.\n\n---------- Forwarded message ---------\nFrom: Sistemas\n\nLa plataforma saca error 500 al guardar.';
      expect(route({ subject: 'Fwd: problema', text }).category).toBe('tech');
    });
  });

  describe('mail to kpt@dnp.gov.co', () => {
    it('leans to formulation (progress reporting of the previous plans)', () => {
      const text = 'Queremos saber hasta cuándo hay plazo.';
      const atKpt = routeMessage(message({ subject: 'Consulta', text, mailboxAddress: KPT }), rules);
      const elsewhere = route({ subject: 'Consulta', text });
      expect(atKpt.scores.formulation).toBeGreaterThan(elsewhere.scores.formulation);
    });

    it('goes to formulation when the message only hints at reporting', () => {
      const decision = routeMessage(message({ subject: 'Consulta', text: '¿Cómo hacemos el seguimiento?', mailboxAddress: KPT }), rules);
      expect(decision.category).toBe('formulation');
    });

    it.each([
      ['an account request', 'Usuario KPT', 'Solicitamos usuario y contraseña del KPT para el reporte de avance.', 'users'],
      ['a platform failure', 'Error KPT', 'El KPT saca error 500 al guardar el avance.', 'tech'],
    ])('still yields to %s', (_name, subject, text, expected) => {
      expect(routeMessage(message({ subject, text, mailboxAddress: ` ${KPT.toUpperCase()} ` }), rules).category).toBe(expected);
    });

    it('does not classify an empty "ok gracias" on the bias alone', () => {
      expect(routeMessage(message({ subject: 'Re: respuesta', text: 'ok gracias', mailboxAddress: KPT }), rules).category).toBe('unclassified');
    });
  });

  describe('returns unclassified when evidence is weak or tied', () => {
    const tieRules = loadRoutingRules({
      version: 'test',
      thresholds: { minScore: 2, minMargin: 1 },
      zoneWeights: { subject: 2, body: 1, forwarded: 1, quoted: 0.5, signature: 0.1, attachments: 1 },
      rules: [
        { id: 'u', category: 'users', weight: 3, terms: ['clave'] },
        { id: 't', category: 'tech', weight: 3, terms: ['error'] },
      ],
    });

    it('on a tie between two categories', () => {
      const decision = routeMessage(message({ text: 'error con la clave' }), tieRules);
      expect(decision).toEqual({ category: 'unclassified', matchedRule: null, score: 3, scores: { users: 3, tech: 3, formulation: 0 } });
    });

    it('when one category wins by a clear margin', () => {
      const decision = routeMessage(message({ subject: 'clave', text: 'error' }), tieRules);
      expect(decision).toMatchObject({ category: 'users', matchedRule: 'u', score: 6 });
    });

    it('below the minimum score', () => {
      const decision = routeMessage(message({ text: 'tenemos una pregunta sobre la cuenta' }), rules);
      expect(decision.category).toBe('unclassified');
    });

    it.each([
      ['a greeting', 'Saludo', 'Buenos días, feliz año para todo el equipo.'],
      ['thanks only, replying in a topical thread', 'RE: contraseña', 'Muchas gracias, quedó solucionado.\n\n> Su contraseña fue restablecida.'],
      ['an invitation using "rendición de cuentas"', 'Invitación', 'Los invitamos a la audiencia de rendición de cuentas.'],
    ])('for %s', (_name, subject, text) => {
      expect(route({ subject, text }).category).toBe('unclassified');
    });
  });

  it('ignores idioms that contain a signal word ("teniendo en cuenta")', () => {
    expect(route({ text: 'Teniendo en cuenta lo anterior, quedamos atentos.' }).scores.users).toBe(0);
  });

  it('uses attachment names as a signal', () => {
    const without = route({ subject: 'Revisión', text: 'Adjunto para sus comentarios.' });
    const withPlan = route({ subject: 'Revisión', text: 'Adjunto para sus comentarios.', attachmentNames: ['plan plurianual.xlsx'] });
    expect(without.category).toBe('unclassified');
    expect(withPlan).toMatchObject({ category: 'formulation', matchedRule: 'formulation.ppi' });
  });

  it('does not read the file extension as a word', () => {
    expect(route({ subject: 'Envío', text: 'Adjunto.', attachmentNames: ['documento.pdf'] }).scores.tech).toBe(0);
  });

  it('names the strongest rule of the winning category and reports every category score', () => {
    const decision = route({ subject: 'Error al cargar el plan plurianual', text: 'La plataforma saca error 500.' });
    expect(decision.category).toBe('tech');
    expect(decision.matchedRule).toBe('tech.error');
    expect(Object.keys(decision.scores).sort()).toEqual([...RULE_CATEGORIES].sort());
    expect(decision.score).toBe(decision.scores.tech);
  });
});

describe('loadRoutingRules', () => {
  const base = {
    version: '1',
    thresholds: { minScore: 1, minMargin: 1 },
    zoneWeights: { subject: 2, body: 1, forwarded: 1, quoted: 0.5, signature: 0.1, attachments: 1 },
  };

  it.each([
    ['a duplicated id', [{ id: 'a', category: 'users', weight: 1, terms: ['x'] }, { id: 'a', category: 'tech', weight: 1, terms: ['y'] }]],
    ['an unknown category', [{ id: 'a', category: 'unclassified', weight: 1, terms: ['x'] }]],
    ['a negative weight', [{ id: 'a', category: 'users', weight: -1, terms: ['x'] }]],
    ['a term starting with "..."', [{ id: 'a', category: 'users', weight: 1, terms: ['... x'] }]],
    ['no terms', [{ id: 'a', category: 'users', weight: 1, terms: [] }]],
  ])('rejects %s', (_name, ruleList) => {
    expect(() => loadRoutingRules({ ...base, rules: ruleList })).toThrow(RoutingRulesError);
  });

  it('loads the shipped rule file with a version', () => {
    expect(rules.version).toMatch(/\S/);
    expect(rules.rules.length).toBeGreaterThan(0);
  });
});

describe('labelled set floor', () => {
  const fixture = join(__dirname, '..', '..', 'test', 'fixtures', 'routing', 'labelled-messages.json');
  const messages = parseLabelledMessages(JSON.parse(readFileSync(fixture, 'utf8')) as unknown);
  const result = evaluateRouting(messages, rules, RECEIVED_AT);

  it('has a balanced set of at least 160 messages', () => {
    expect(messages.length).toBeGreaterThanOrEqual(160);
    expect(result.perCategory.users.support).toBeGreaterThanOrEqual(40);
    expect(result.perCategory.tech.support).toBeGreaterThanOrEqual(40);
    expect(result.perCategory.formulation.support).toBeGreaterThanOrEqual(40);
    expect(result.perCategory.unclassified.support).toBeGreaterThanOrEqual(15);
  });

  it('routes at least 90 % of the labelled messages correctly', () => {
    expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it.each(['users', 'tech', 'formulation', 'unclassified'] as const)('keeps recall of %s at 85 % or more', (category) => {
    expect(result.perCategory[category].recall).toBeGreaterThanOrEqual(0.85);
  });
});
