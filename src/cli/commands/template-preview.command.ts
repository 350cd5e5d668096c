import { readFileSync, statSync } from 'fs';
import {
  isTemplateName,
  renderTemplate,
  sampleTemplateData,
  TEMPLATE_NAMES,
  TemplateDataError,
  TemplateName,
} from '../../outbound/render-template';
import { CliCommand, CliUsageError, parseCliArgs } from '../cli-command';

/**
 * `mesa template:preview NOMBRE [--html|--text] [--data archivo.json]`: renders
 * an outgoing mail template with its sample data (or a JSON file) so wording can
 * be reviewed without sending anything. `--text` (the default) prints the subject
 * and the plain text; `--html` prints only the HTML, ready to save and open.
 */

const USAGE = 'template:preview NOMBRE [--html|--text] [--data archivo.json]';

export interface TemplatePreviewArgs {
  name: TemplateName;
  format: 'text' | 'html';
  dataFile: string | null;
}

export function parseTemplatePreviewArgs(args: string[]): TemplatePreviewArgs {
  const { positional, options } = parseCliArgs(args);
  let format: 'text' | 'html' | null = null;
  let dataFile: string | null = null;
  for (const [option, value] of options) {
    if (option === 'html' || option === 'text') {
      // `--html archivo` would swallow the next word as a value: it is a flag.
      if (value !== true) positional.push(value);
      if (format !== null && format !== option) throw new CliUsageError(`use --html o --text, no ambas. Uso: mesa ${USAGE}`);
      format = option;
    } else if (option === 'data') {
      if (value === true || value.trim() === '') throw new CliUsageError(`--data necesita la ruta de un archivo JSON. Uso: mesa ${USAGE}`);
      dataFile = value;
    } else {
      throw new CliUsageError(`opción desconocida «--${option}». Uso: mesa ${USAGE}`);
    }
  }
  if (positional.length === 0) {
    throw new CliUsageError(`falta el nombre de la plantilla. Plantillas disponibles: ${TEMPLATE_NAMES.join(', ')}`);
  }
  if (positional.length > 1) throw new CliUsageError(`se esperaba una sola plantilla y llegaron ${positional.length}. Uso: mesa ${USAGE}`);
  const name = positional[0];
  if (!isTemplateName(name)) {
    throw new CliUsageError(`no existe la plantilla «${name}». Plantillas disponibles: ${TEMPLATE_NAMES.join(', ')}`);
  }
  return { name, format: format ?? 'text', dataFile };
}

function readDataFile(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw new Error(`${file} es una carpeta, no un archivo JSON`);
    text = readFileSync(file, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`no existe el archivo ${file}`);
    throw error;
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error: unknown) {
    throw new CliUsageError(`el archivo ${file} no es JSON válido: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const templatePreviewCommand: CliCommand = {
  name: 'template:preview',
  usage: `${USAGE}  muestra cómo queda un correo de salida con datos de ejemplo`,
  async run(args: string[]): Promise<number> {
    const { name, format, dataFile } = parseTemplatePreviewArgs(args);
    const data = dataFile === null ? sampleTemplateData(name) : readDataFile(dataFile);
    let rendered;
    try {
      rendered = renderTemplate(name, data);
    } catch (error: unknown) {
      // Bad data in the operator's file is their mistake (exit 2); bad sample data is ours.
      if (dataFile !== null && error instanceof TemplateDataError) {
        throw new CliUsageError(`los datos de ${dataFile} no sirven: ${error.message}`);
      }
      throw error;
    }
    if (format === 'html') {
      process.stdout.write(rendered.html);
    } else {
      process.stdout.write(`Asunto: ${rendered.subject ?? '(la plantilla no define asunto)'}\n\n${rendered.text}`);
    }
    return 0;
  },
};
