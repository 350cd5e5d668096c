/**
 * SQL expressions that write JSON text exactly as the API's JavaScript wrote it, so a
 * list can be built in PostgreSQL and sent as it comes: no rows turned into objects,
 * no dates parsed and formatted again, no JSON.stringify of a large page.
 *
 * Not json_build_object: it writes `"key" : value` with spaces, and jsonb reorders keys.
 * Concatenating `to_json(text)` string literals gives the same bytes as JSON.stringify:
 * both escape `"` and `\`, write \b \f \n \r \t, and \u00xx (lower-case) for the other
 * control characters, and leave every other character as it is (PostgreSQL text can hold
 * neither NUL nor lone surrogates, the only other cases JSON.stringify treats apart).
 */

/** A JSON string, or `null` for SQL NULL (never SQL NULL itself: `||` with NULL is NULL). */
export function jsonString(expression: string): string {
  return `COALESCE(to_json(${expression})::text, 'null')`;
}

/** `true` or `false` for a condition that is never NULL. */
export function jsonBoolean(condition: string): string {
  return `CASE WHEN ${condition} THEN 'true' ELSE 'false' END`;
}

/**
 * toBogotaIso (common/time/bogota-time.ts) as SQL text, without the quotes: the instant
 * cut to milliseconds (node-postgres reads microseconds into a Date that way), five hours
 * back (Colombia has kept UTC−5 all year since 1993, so no zone database), milliseconds
 * only when not zero, and `-05:00`. For years 0 to 9999, which covers every date stored.
 */
export function bogotaIsoSql(expression: string): string {
  // to_char's MS truncates the microseconds, as the Date does; '.000' can only be at the end, before the offset.
  return `replace(to_char((${expression} AT TIME ZONE 'UTC') - interval '5 hours', 'YYYY-MM-DD"T"HH24:MI:SS.MS"-05:00"'), '.000-05:00', '-05:00')`;
}

/** The same as a JSON string, or `null`. */
export function jsonBogotaIso(expression: string): string {
  return `CASE WHEN ${expression} IS NULL THEN 'null' ELSE '"' || ${bogotaIsoSql(expression)} || '"' END`;
}

/** A JSON object from [key, JSON text expression] pairs, keys in the order given. */
export function jsonObject(fields: Array<[key: string, json: string]>): string {
  return fields.map(([key, json], i) => `'${i === 0 ? '{' : ','}${JSON.stringify(key)}:' || ${json}`).join(' || ') + ` || '}'`;
}
