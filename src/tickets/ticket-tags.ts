export const MAX_TICKET_TAGS = 20;
export const MAX_TAG_LENGTH = 40;

/**
 * Tags as stored: trimmed, inner spaces collapsed, lower-case (Spanish rules, so "ÁREA"
 * becomes "área"), empties dropped, duplicates removed keeping the first. Pure; the DTO
 * has already bounded the raw list, this checks the limits again after normalizing.
 */
export function normalizeTags(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const tag of raw) {
    const normalized = tag.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('es-CO');
    if (normalized) seen.add(normalized);
  }
  return [...seen];
}

/** What changed between two tag lists (order does not count). */
export function diffTags(before: readonly string[], after: readonly string[]): { added: string[]; removed: string[] } {
  const was = new Set(before);
  const now = new Set(after);
  return { added: after.filter((t) => !was.has(t)), removed: before.filter((t) => !now.has(t)) };
}
