import { replySubject, stripReplyPrefixes } from './reply-subject';

describe('stripReplyPrefixes', () => {
  it.each([
    ['RE: Error al cargar el PDT', 'Error al cargar el PDT'],
    ['Re: RE: rv: Fw: FWD: Consulta', 'Consulta'],
    ['RV: Solicitud de usuario SisPT', 'Solicitud de usuario SisPT'],
    ['REF: Ref: oficio 123', 'oficio 123'],
    ['RPTA: Rpta: respuesta', 'respuesta'],
    ['ENC: AW: SV: TR: WG: varios', 'varios'],
    ['RE[2]: RE (3): contador', 'contador'],
    ['Re : espacio antes', 'espacio antes'],
    ['  RE:RE:pegado  ', 'pegado'],
    ['回复：RE：全角', '回复：RE：全角'],
    ['RE：全角', '全角'],
    ['Reunión: agenda del comité', 'Reunión: agenda del comité'],
    ['Trámite: certificado', 'Trámite: certificado'],
    ['Referencia: oficio', 'Referencia: oficio'],
    ['Consulta RE: en medio', 'Consulta RE: en medio'],
    ['RE:', ''],
    ['', ''],
  ])('%j → %j', (subject, expected) => {
    expect(stripReplyPrefixes(subject)).toBe(expected);
  });
});

describe('replySubject', () => {
  const ref = 'MDA-2024-000123';
  it.each([
    ['Error al cargar el PDT', 'RE: Error al cargar el PDT [MDA-2024-000123]'],
    ['RE: Error al cargar el PDT', 'RE: Error al cargar el PDT [MDA-2024-000123]'],
    ['RE: RV: Error al cargar el PDT [MDA-2024-000123]', 'RE: Error al cargar el PDT [MDA-2024-000123]'],
    ['RE: [MDA-2024-000123] RE: Error   al\tcargar', 'RE: Error al cargar [MDA-2024-000123]'],
    ['RE: Error [mda-2024-000123] [MDA-2024-000123]', 'RE: Error [MDA-2024-000123]'],
    ['Año 2024: cargue del PDT – Tuluá', 'RE: Año 2024: cargue del PDT – Tuluá [MDA-2024-000123]'],
    ['', 'RE: [MDA-2024-000123]'],
    ['RE: [MDA-2024-000123]', 'RE: [MDA-2024-000123]'],
  ])('%j → %j', (subject, expected) => {
    expect(replySubject(subject, ref)).toBe(expected);
  });

  it('is stable when applied to its own output', () => {
    const once = replySubject('RV: Consulta KPT', ref);
    expect(replySubject(once, ref)).toBe(once);
  });
});
