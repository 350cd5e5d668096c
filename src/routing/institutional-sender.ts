/**
 * Free mail providers officials sometimes use; never institutional, even if
 * someone lists one among the extra domains by mistake.
 */
const PUBLIC_PROVIDERS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.es', 'outlook.com', 'outlook.es', 'live.com', 'live.com.co',
  'msn.com', 'yahoo.com', 'yahoo.es', 'yahoo.com.co', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com',
  'protonmail.com', 'proton.me', 'gmx.com', 'zoho.com', 'mail.com', 'yandex.com',
]);

function normalizeDomain(value: string): string {
  return value.trim().toLowerCase().replace(/^[@.]+/, '').replace(/\.+$/, '');
}

function isUnder(domain: string, parent: string): boolean {
  return parent !== '' && (domain === parent || domain.endsWith(`.${parent}`));
}

/** Extracts the domain of `user@domain` or `Name <user@domain>`; null when it is not an address. */
function domainOf(address: string): string | null {
  const bracketed = /<([^<>]*)>\s*$/.exec(address);
  const bare = (bracketed ? bracketed[1] : address).trim();
  const at = bare.lastIndexOf('@');
  if (at <= 0 || /\s/.test(bare)) return null;
  const domain = normalizeDomain(bare.slice(at + 1));
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(domain) ? domain : null;
}

/**
 * Whether mail comes from a public entity: any `gov.co` domain (territorial
 * entities use `<municipio>-<departamento>.gov.co`) or a configured extra domain
 * (e.g. entities still on `.edu.co` or their own `.co`).
 */
export function isInstitutionalSender(address: string, extraDomains: string[]): boolean {
  const domain = domainOf(address);
  if (domain === null || PUBLIC_PROVIDERS.has(domain)) return false;
  if (isUnder(domain, 'gov.co')) return true;
  return extraDomains.map(normalizeDomain).some((extra) => !PUBLIC_PROVIDERS.has(extra) && isUnder(domain, extra));
}
