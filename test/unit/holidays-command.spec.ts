import { runMesa } from '../support/run-mesa';
import { CliUsageError } from '../../src/cli/cli-command';
import { parseHolidaysArgs } from '../../src/cli/commands/holidays.command';

const mesa = runMesa;

describe('parseHolidaysArgs', () => {
  it('reads the year', () => {
    expect(parseHolidaysArgs(['2025'])).toBe(2025);
  });

  it.each([
    [[], /falta el año/],
    [['2025', '2026'], /un solo año/],
    [['25'], /año inválido «25»/],
    [['dos mil'], /año inválido/],
    [['2025.0'], /año inválido/],
    [['1983'], /entre 1984 y 2199/],
    [['2025', '--json'], /opción desconocida «--json»/],
  ])('refuses %j in Spanish', (args, message) => {
    expect(() => parseHolidaysArgs(args)).toThrow(CliUsageError);
    expect(() => parseHolidaysArgs(args)).toThrow(message);
  });
});

describe('mesa holidays', () => {
  it('prints one «AAAA-MM-DD nombre» line per holiday', async () => {
    const { code, stdout, stderr } = await mesa('holidays', '2025');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(18);
    for (const line of lines) expect(line).toMatch(/^2025-\d{2}-\d{2} \S.*$/);
    expect(lines[0]).toBe('2025-01-01 Año Nuevo');
    expect(lines).toContain('2025-04-18 Viernes Santo');
    expect(lines).toContain('2025-06-30 San Pedro y San Pablo');
    expect(lines[17]).toBe('2025-12-25 Navidad');
  });

  it('includes the Ley 2578 holiday from 2026', async () => {
    const { stdout } = await mesa('holidays', '2026');
    expect(stdout).toContain('2026-07-13 Virgen de Chiquinquirá\n');
  });

  it('explains an invalid year on stderr and fails', async () => {
    const { code, stdout, stderr } = await mesa('holidays', 'próximo');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('mesa holidays: año inválido «próximo»: debe ser un año entre 1984 y 2199, por ejemplo 2025\n');
  });

  it('is listed by mesa help', async () => {
    const { stdout } = await mesa('help');
    expect(stdout).toMatch(/^ {2}holidays AÑO +lista los festivos de Colombia de ese año$/m);
  });
});
