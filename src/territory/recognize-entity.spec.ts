import { RecognizeEntityInput, RecognizedEntity, recognizeEntity } from './recognize-entity';

type Expected = Pick<RecognizedEntity, 'kind' | 'code' | 'evidence'> | null;

const input = (fromAddress: string | null, text: string | null = null, fromName: string | null = null): RecognizeEntityInput => ({
  fromAddress,
  fromName,
  text,
});
const municipality = (code: string, evidence: RecognizedEntity['evidence']): Expected => ({ kind: 'municipality', code, evidence });
const department = (code: string, evidence: RecognizedEntity['evidence']): Expected => ({ kind: 'department', code, evidence });
const signed = (...signature: string[]): string => ['Buenos días,', '', 'Adjunto el informe solicitado.', '', 'Cordialmente,', ...signature].join('\n');

describe('recognizeEntity', () => {
  it.each<[string, RecognizeEntityInput, Expected]>([
    // Domains
    ['municipio-departamento domain', input('alcaldia@pasto-narino.gov.co'), municipality('52001', 'domain')],
    ['subdomain of a territorial domain', input('sistemas@sub.pasto-narino.gov.co'), municipality('52001', 'domain')],
    ['big-city domain keeps the leading zero', input('planeacion@medellin.gov.co'), municipality('05001', 'domain')],
    ['Bogotá domain is the district 11001', input('contactenos@bogota.gov.co'), municipality('11001', 'domain')],
    ['"alcaldia" prefix in the label', input('notificaciones@alcaldiabogota.gov.co'), municipality('11001', 'domain')],
    ['department domain', input('contactenos@narino.gov.co'), department('52', 'domain')],
    ['department domain with leading zero', input('gobernador@antioquia.gov.co'), department('05', 'domain')],
    ['department domain with connectors', input('atencion@valledelcauca.gov.co'), department('76', 'domain')],
    ['Cundinamarca', input('planeacion@cundinamarca.gov.co'), department('25', 'domain')],
    ['bare department name beats the town of the same name', input('despacho@arauca.gov.co'), department('81', 'domain')],
    ['town that shares its department name', input('Alcaldía <Alcaldia@Arauca-Arauca.GOV.CO>'), municipality('81001', 'domain')],
    ['repeated name resolved by its department', input('alcaldia@sanandres-santander.gov.co'), municipality('68669', 'domain')],
    ['island department by short name', input('info@sanandres.gov.co'), department('88', 'domain')],
    ['compound name with articles', input('alcaldia@elcarmendeviboral-antioquia.gov.co'), municipality('05148', 'domain')],
    ['department written out in the label', input('alcaldia@tibu-nortedesantander.gov.co'), municipality('54810', 'domain')],
    ['office before the town', input('secretaria@concejo-pasto-narino.gov.co'), municipality('52001', 'domain')],
    ['bare ambiguous town domain', input('alcaldia@buenavista.gov.co'), null],
    ['unknown town of a known department', input('alcaldia@noexiste-narino.gov.co'), null],
    ['national body named like a town (Colombia, Huila)', input('info@colombia.gov.co'), null],
    ['national body', input('mesadeayuda@dnp.gov.co'), null],
    ['not gov.co', input('rector@pasto.edu.co'), null],

    // Signatures
    ['gmail with "Alcaldía Municipal de Pasto"', input('juan.perez@gmail.com', signed('Juan Pérez', 'Secretario de Planeación', 'Alcaldía Municipal de Pasto')), municipality('52001', 'signature')],
    ['compound name plus department', input('jp@hotmail.com', signed('Alcaldía de San Juan de Pasto - Nariño')), municipality('52001', 'signature')],
    ['"Gobernación de Antioquia"', input('ana@gmail.com', signed('Ana Gómez', 'Gobernación de Antioquia')), department('05', 'signature')],
    ['"Gobernación del Valle del Cauca"', input('ana@gmail.com', signed('Gobernación del Valle del Cauca')), department('76', 'signature')],
    ['"Gobernación del Valle"', input('ana@gmail.com', signed('Profesional Especializada', 'Gobernación del Valle')), department('76', 'signature')],
    ['office, municipality and department on one line', input('pl@yahoo.es', signed('Secretaría de Planeación, Municipio de Sogamoso, Boyacá')), municipality('15759', 'signature')],
    ['no accents, department in brackets', input('x@outlook.com', signed('Alcaldia de Tibu (Norte de Santander)')), municipality('54810', 'signature')],
    ['upper case without accents', input('x@gmail.com', signed('ALCALDIA DE MEDELLIN')), municipality('05001', 'signature')],
    ['display name only', input('despacho@gmail.com', 'Buenas tardes, envío la solicitud.', 'Alcaldía de Pasto'), municipality('52001', 'signature')],
    ['Bogotá with "Mayor" and D.C.', input('x@gmail.com', signed('Alcaldía Mayor de Bogotá D.C.')), municipality('11001', 'signature')],
    ['short name of Santiago de Cali', input('x@gmail.com', signed('Alcaldía de Cali')), municipality('76001', 'signature')],
    ['district titles between cue and name', input('x@gmail.com', signed('Distrito Turístico, Cultural e Histórico de Santa Marta')), municipality('47001', 'signature')],
    ['article dropped from the official name', input('x@gmail.com', signed('Alcaldía del Carmen de Viboral')), municipality('05148', 'signature')],
    ['"de la Alcaldía" names the sender', input('x@gmail.com', signed('Secretaría de Planeación de la Alcaldía de Ipiales')), municipality('52356', 'signature')],
    ['island department', input('x@gmail.com', signed('Gobernación de San Andrés')), department('88', 'signature')],
    ['municipality and its own department', input('x@gmail.com', signed('Alcaldía de Pasto', 'Gobernación de Nariño')), municipality('52001', 'signature')],

    // Repeated names
    ['ambiguous name alone', input('x@gmail.com', signed('Alcaldía de La Unión')), null],
    ['ambiguous name, department on the next line', input('x@gmail.com', signed('Alcaldía de La Unión', 'Nariño')), municipality('52399', 'signature')],
    ['ambiguous name, department on the same line', input('x@gmail.com', signed('Alcaldía de San Andrés, Santander')), municipality('68669', 'signature')],
    ['ambiguous name not in the stated department: department only', input('x@gmail.com', signed('Alcaldía de Buenavista, Nariño')), department('52', 'signature')],
    ['unique name contradicted by the stated department', input('x@gmail.com', signed('Alcaldía de Pasto, Antioquia')), null],

    // Disagreement and precedence
    ['domain wins over a different signature', input('planeacion@medellin.gov.co', signed('Alcaldía de Pasto')), municipality('05001', 'domain')],
    ['ambiguous domain, signature decides', input('alcaldia@buenavista.gov.co', signed('Alcaldía de Buenavista', 'Córdoba')), municipality('23079', 'signature')],
    ['two different municipalities in the signature', input('x@gmail.com', signed('Alcaldía de Pasto', 'Alcaldía de Ipiales')), null],

    // No evidence
    ['nothing at all', input(null), null],
    ['gmail without a signature', input('x@gmail.com', 'Hola, ¿cómo descargo el formato del plan de desarrollo?'), null],
    ['DNP is not a territorial entity', input('x@gmail.com', signed('Departamento Nacional de Planeación')), null],
    ['a municipality as the topic of the message', input('x@gmail.com', 'Quisiera información sobre el municipio de Pasto y su plan.'), null],
    ['quoted reply from an entity', input('x@gmail.com', 'Gracias.\n\nEl lun, 3 mar 2025 a las 9:00, Alcaldía <a@b.co> escribió:\n> Cordialmente,\n> Alcaldía de Pasto'), null],
    [
      'entity named only far above the signature',
      input('x@gmail.com', ['Alcaldía de Pasto', ...Array.from({ length: 20 }, (_, i) => `Punto ${i + 1} del informe.`), 'Juan'].join('\n')),
      null,
    ],
  ])('%s', (_name, given, expected) => {
    const result = recognizeEntity(given);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });

  it('returns names with accents and the department', () => {
    expect(recognizeEntity(input('alcaldia@medellin.gov.co'))).toEqual({
      kind: 'municipality',
      code: '05001',
      name: 'Medellín',
      departmentCode: '05',
      departmentName: 'Antioquia',
      evidence: 'domain',
    });
    expect(recognizeEntity(input('x@gmail.com', signed('Gobernación de Nariño')))).toEqual({
      kind: 'department',
      code: '52',
      name: 'Nariño',
      departmentCode: '52',
      departmentName: 'Nariño',
      evidence: 'signature',
    });
  });

  it('is fast enough to run on every incoming message', () => {
    const text = signed('María López', 'Profesional Universitaria', 'Secretaría de Planeación', 'Alcaldía de San Juan de Pasto - Nariño', 'Calle 19 # 21-48, Pasto');
    recognizeEntity(input('x@gmail.com', text));
    const started = process.hrtime.bigint();
    for (let i = 0; i < 2000; i++) recognizeEntity(input('x@gmail.com', text));
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(elapsedMs).toBeLessThan(2000);
  });
});
