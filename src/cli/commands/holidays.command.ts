import { FIRST_HOLIDAY_YEAR, holidaysOfYear, LAST_HOLIDAY_YEAR } from '../../calendar/colombian-holidays';
import { CliCommand, CliUsageError, parseCliArgs } from '../cli-command';

/**
 * `mesa holidays AÑO`: the Colombian public holidays of a year, one
 * `AAAA-MM-DD nombre` per line, so an operator can check the calendar the SLA
 * clock uses. Two holidays on the same day (30 June 2025) get a line each.
 */

const USAGE = 'holidays AÑO';

export function parseHolidaysArgs(args: string[]): number {
  const { positional, options } = parseCliArgs(args);
  for (const name of options.keys()) throw new CliUsageError(`opción desconocida «--${name}». Uso: mesa ${USAGE}`);
  if (positional.length !== 1) {
    throw new CliUsageError(
      positional.length === 0 ? `falta el año. Uso: mesa ${USAGE}` : `se esperaba un solo año y llegaron ${positional.length}. Uso: mesa ${USAGE}`,
    );
  }
  const text = positional[0];
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < FIRST_HOLIDAY_YEAR || year > LAST_HOLIDAY_YEAR) {
    throw new CliUsageError(`año inválido «${text}»: debe ser un año entre ${FIRST_HOLIDAY_YEAR} y ${LAST_HOLIDAY_YEAR}, por ejemplo 2025`);
  }
  return year;
}

export const holidaysCommand: CliCommand = {
  name: 'holidays',
  usage: `${USAGE}  lista los festivos de Colombia de ese año`,
  async run(args: string[]): Promise<number> {
    const year = parseHolidaysArgs(args);
    const lines = holidaysOfYear(year).map((h) => `${h.date} ${h.name}\n`);
    process.stdout.write(lines.join(''));
    return 0;
  },
};
