/**
 * Lower-case, strip diacritics (NFD, then drop combining marks, so "Contraseña"
 * and "contrasena" meet) and split into alphanumeric words.
 */
export function normalizeText(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function tokenize(value: string): string[] {
  return normalizeText(value)
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0);
}

/**
 * Whether the first `aLength` characters of `a` are within one edit of `b`, counting
 * as optimal string alignment does: one substitution, insertion, deletion, or one swap
 * of adjacent letters ("usaurio"). Routing asks this of every word of every message
 * against each fuzzy rule word, so it is a single linear scan rather than a distance
 * table (which allocated an array per call and cost a quarter of routing); no library
 * answers a bounded distance on a prefix without slicing.
 */
export function withinOneEdit(a: string, aLength: number, b: string): boolean {
  const bLength = b.length;
  const extra = aLength - bLength;
  if (extra > 1 || extra < -1 || aLength > a.length) return false;
  const shorter = extra > 0 ? bLength : aLength;
  let i = 0;
  while (i < shorter && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === shorter) return true;
  if (extra === 1) return sameRun(a, i + 1, b, i, bLength - i);
  if (extra === -1) return sameRun(a, i, b, i + 1, aLength - i);
  if (sameRun(a, i + 1, b, i + 1, aLength - i - 1)) return true;
  return i + 1 < aLength && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameRun(a, i + 2, b, i + 2, aLength - i - 2);
}

function sameRun(a: string, aFrom: number, b: string, bFrom: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (a.charCodeAt(aFrom + k) !== b.charCodeAt(bFrom + k)) return false;
  return true;
}
