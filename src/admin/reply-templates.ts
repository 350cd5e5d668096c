import { existsSync, readdirSync, readFileSync } from 'fs';
import * as path from 'path';
import type { ReplyTemplateView } from './admin.views';

/**
 * Canned replies agents insert when answering: one file per reply in
 * `outbound/templates/replies/`, `<id>.md`, whose first line is `# Title` and the rest
 * the body, plain text. Markdown files so they read well in the repository; the
 * body carries no markup because it goes into a plain-text reply as is.
 */

export class ReplyTemplateError extends Error {
  readonly code = 'REPLY_TEMPLATE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'ReplyTemplateError';
  }
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** One template from its file name (without `.md`) and text. Throws ReplyTemplateError naming the file. */
export function parseReplyTemplate(id: string, source: string): ReplyTemplateView {
  const where = `plantilla de respuesta ${id}.md`;
  if (!ID.test(id)) throw new ReplyTemplateError(`${where}: el nombre del archivo debe ir en minúsculas, números y guiones`);
  const lines = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const heading = /^#\s+(.+?)\s*$/.exec(lines[0] ?? '');
  if (!heading) throw new ReplyTemplateError(`${where}: la primera línea debe ser el título, «# Título»`);
  const body = lines
    .slice(1)
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
  if (body === '') throw new ReplyTemplateError(`${where}: el cuerpo está vacío`);
  const stray = body.split('\n').find((line) => line.startsWith('#'));
  if (stray !== undefined) throw new ReplyTemplateError(`${where}: el cuerpo es texto plano; sobra el encabezado «${stray}»`);
  return { id, title: heading[1], body };
}

/** Every `*.md` of the folder, parsed, sorted by title as Spanish readers sort. */
export function loadReplyTemplates(dir: string): ReplyTemplateView[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  if (files.length === 0) throw new ReplyTemplateError(`no hay plantillas de respuesta (*.md) en ${dir}`);
  return files
    .map((file) => parseReplyTemplate(file.slice(0, -'.md'.length), readFileSync(path.join(dir, file), 'utf8')))
    .sort((a, b) => a.title.localeCompare(b.title, 'es'));
}

/**
 * dist/ gets the folder from nest-cli.json's `assets` (outbound/templates/**); a build
 * without them (plain `tsc`) falls back to the source tree.
 */
export function replyTemplatesDir(): string {
  const candidates = [path.join(__dirname, '../outbound/templates/replies'), path.resolve(__dirname, '../../src/outbound/templates/replies')];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new ReplyTemplateError(`no se encontraron las plantillas de respuesta (se buscaron en ${candidates.join(' y ')})`);
  return found;
}
