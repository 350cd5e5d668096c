import type { MessageZone } from './routing.types';

export type BodyZone = Extract<MessageZone, 'body' | 'forwarded' | 'quoted' | 'signature'>;

export interface ZoneText {
  zone: BodyZone;
  text: string;
}

/** "RV:", "Fwd:", "ENC:" (Outlook in Spanish), "TR:": the sender means us to read what follows. */
const FORWARD_SUBJECT = /^\s*(?:(?:re|rv|fw|fwd|enc|tr|reenv[ií]o)\s*:\s*)*(?:rv|fw|fwd|enc|tr|reenv[ií]o)\s*:/i;
const FORWARD_SEPARATOR = /^\s*-{2,}\s*(?:forwarded message|mensaje reenviado|mensaje enviado|begin forwarded message)\b/i;
/** Outlook writes this both for replies and for forwards. */
const ORIGINAL_SEPARATOR = /^\s*-{2,}\s*(?:mensaje original|original message)\s*-{2,}/i;
/** Gmail/Apple attributions; Gmail wraps long ones, leaving "escribió:" alone on the next line. */
const ATTRIBUTION_END = /(?:escribi[oó]|wrote|a écrit)\s*:\s*$/i;
const ATTRIBUTION_START = /^\s*(?:el|on|le)\s/i;
const HEADER_FROM = /^\s*\*?(?:de|from)\s*:\*?\s*\S/i;
const HEADER_FOLLOW = /^\s*\*?(?:enviado(?: el)?|sent|fecha|date|para|to|asunto|subject|cc)\s*:/i;
/** "-- " is the RFC 3676 delimiter; the rest are the closings officials use before their name and office. */
const SIGNATURE_DELIMITER = /^--\s?$/;
const SIGNATURE_CLOSING =
  /^\s*(?:cordialmente|atentamente|saludos(?: cordiales)?|un (?:cordial )?saludo|respetuosamente|quedo atent[oa]|quedamos atent[oa]s|enviado desde mi)\b/i;

const REPLY_SUBJECT = /^\s*(?:re|rta|respuesta)\s*:/i;

/** "RE:" / "Rta:" — the subject was written for an earlier message of the thread. */
export function isReplySubject(subject: string): boolean {
  return REPLY_SUBJECT.test(subject) && !isForwardSubject(subject);
}

export function isForwardSubject(subject: string): boolean {
  return FORWARD_SUBJECT.test(subject);
}

/**
 * Splits a plain-text body into what the sender wrote now, what they forward,
 * earlier replies kept below, and their signature. Headers of a quoted block
 * count as quoted text.
 */
export function splitMessageZones(text: string, subject: string): ZoneText[] {
  const forward = isForwardSubject(subject);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const earlier: BodyZone = forward ? 'forwarded' : 'quoted';
  const zones: ZoneText[] = [];
  let state: BodyZone = 'body';
  let current: string[] = [];
  let currentZone: BodyZone = 'body';

  const push = (zone: BodyZone, line: string): void => {
    if (zone !== currentZone) {
      if (current.length > 0) zones.push({ zone: currentZone, text: current.join('\n') });
      current = [];
      currentZone = zone;
    }
    current.push(line);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (FORWARD_SEPARATOR.test(line)) {
      state = 'forwarded';
    } else if (ORIGINAL_SEPARATOR.test(line)) {
      state = earlier;
    } else if (state !== 'quoted' && ATTRIBUTION_END.test(line) && (ATTRIBUTION_START.test(line) || ATTRIBUTION_START.test(lines[i - 1] ?? ''))) {
      state = 'quoted';
    } else if (state !== 'quoted' && state !== 'forwarded' && HEADER_FROM.test(line) && lines.slice(i + 1, i + 5).some((next) => HEADER_FOLLOW.test(next))) {
      state = earlier;
    } else if (state === 'body' && (SIGNATURE_DELIMITER.test(line) || (SIGNATURE_CLOSING.test(line) && line.trim().length <= 60))) {
      state = 'signature';
    }
    if (/^\s*>/.test(line)) {
      push('quoted', line.replace(/^(?:\s*>)+/, ''));
    } else {
      push(state, line);
    }
  }
  if (current.length > 0) zones.push({ zone: currentZone, text: current.join('\n') });
  return zones;
}

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  aacute: 'á', eacute: 'é', iacute: 'í', oacute: 'ó', uacute: 'ú', ntilde: 'ñ', uuml: 'ü',
  Aacute: 'Á', Eacute: 'É', Iacute: 'Í', Oacute: 'Ó', Uacute: 'Ú', Ntilde: 'Ñ', Uuml: 'Ü',
  iquest: '¿', iexcl: '¡',
};

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity] ?? whole;
  });
}

/**
 * A plain-text view of an HTML body good enough for routing: block tags become
 * line breaks and `<blockquote>` content is marked with `>` like a text reply.
 */
export function htmlToRoutingText(html: string): string {
  const withoutHidden = html.replace(/<(style|script|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ');
  const parts = withoutHidden.split(/(<\/?blockquote\b[^>]*>)/i);
  let depth = 0;
  const out: string[] = [];
  for (const part of parts) {
    if (/^<blockquote\b/i.test(part)) {
      depth++;
      out.push('\n');
      continue;
    }
    if (/^<\/blockquote/i.test(part)) {
      depth = Math.max(0, depth - 1);
      out.push('\n');
      continue;
    }
    const text = decodeEntities(
      part
        .replace(/<br\s*\/?>/gi, '\n')
        .replace(/<\/(?:p|div|tr|li|h[1-6]|table)\s*>/gi, '\n')
        .replace(/<hr\b[^>]*>/gi, '\n')
        .replace(/<[^>]+>/g, ''),
    );
    out.push(depth > 0 ? text.split('\n').map((line) => `> ${line}`).join('\n') : text);
  }
  return out.join('');
}
