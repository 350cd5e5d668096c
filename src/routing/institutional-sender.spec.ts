import { isInstitutionalSender } from './institutional-sender';

describe('isInstitutionalSender', () => {
  const extra = ['concejochia.org.co', '@personeria-tunja.co', 'GOBERNACION.EXAMPLE.ORG.'];

  it.each<[string, string, boolean]>([
    ['an address at gov.co itself', 'contacto@gov.co', true],
    ['a municipality under gov.co', 'planeacion@sogamoso-boyaca.gov.co', true],
    ['a deeper subdomain of gov.co', 'jefe@oap.cundinamarca.gov.co', true],
    ['an upper-case address', 'PLANEACION@TAME-ARAUCA.GOV.CO', true],
    ['a display-name form', 'Luz Mery Ríos <planeacion@sogamoso-boyaca.gov.co>', true],
    ['a trailing dot on the domain', 'kpt@dnp.gov.co.', true],
    ['a configured extra domain', 'secretaria@concejochia.org.co', true],
    ['a subdomain of a configured domain written with @', 'ana@juridica.personeria-tunja.co', true],
    ['a configured domain written in capitals with a trailing dot', 'x@gobernacion.example.org', true],
    ['gmail', 'planeacion.sogamoso@gmail.com', false],
    ['hotmail', 'alcaldia_tame@hotmail.com', false],
    ['hotmail in Spain', 'alguien@hotmail.es', false],
    ['outlook', 'oap@outlook.com', false],
    ['yahoo Colombia', 'planeacion@yahoo.com.co', false],
    ['live', 'secretaria@live.com', false],
    ['icloud', 'jefe@icloud.com', false],
    ['a domain that only ends like gov.co', 'x@fakegov.co', false],
    ['gov.co used as a subdomain of another domain', 'x@gov.co.example.com', false],
    ['another .co domain not configured', 'info@empresa.com.co', false],
    ['an address without @', 'planeacion.gov.co', false],
    ['an address with nothing before @', '@dnp.gov.co', false],
    ['an empty string', '', false],
    ['a domain without a dot', 'root@localhost', false],
  ])('%s → %s', (_name, address, expected) => {
    expect(isInstitutionalSender(address, extra)).toBe(expected);
  });

  it('never trusts a public provider even when it is configured as extra domain', () => {
    expect(isInstitutionalSender('alcaldia@gmail.com', ['gmail.com'])).toBe(false);
  });

  it('rejects configured domains when the list is empty', () => {
    expect(isInstitutionalSender('secretaria@concejochia.org.co', [])).toBe(false);
  });
});
