import { CliCommand } from '../cli-command';

/**
 * Each command module is required only when that command runs, so `mesa inspect`
 * starts fast and never loads the database layer.
 */
function lazy(name: string, usage: string, load: () => CliCommand): CliCommand {
  return { name, usage, run: (args) => load().run(args) };
}

export function cliCommands(): CliCommand[] {
  return [
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('inspect', 'inspect ARCHIVO [--mailbox DIRECCIÓN] [--received-at ISO-8601]  analiza un correo sin tocar la base de datos', () => require('./inspect.command').inspectCommand),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('migrate', 'migrate                      crea la base de datos si falta y aplica las migraciones', () => require('./migrate.command').migrateCommand),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('holidays', 'holidays AÑO                 lista los festivos de Colombia de ese año', () => require('./holidays.command').holidaysCommand),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('tickets', 'tickets list [--limit N] [--json]  lista los tickets más recientes', () => require('./tickets-list.command').ticketsListCommand),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('user:create', 'user:create --email CORREO --role agent|supervisor|admin [--name NOMBRE]  crea una cuenta (la contraseña se pide sin eco o se lee de la entrada estándar)', () => require('./user-create.command').userCreateCommand),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('user:password', 'user:password --email CORREO  cambia la contraseña (sin eco o por la entrada estándar) y cierra las sesiones', () => require('./user-create.command').userPasswordCommand),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('user:list', 'user:list [--json]           lista las cuentas', () => require('./user-create.command').userListCommand),
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    lazy('template:preview', 'template:preview NOMBRE [--html|--text] [--data archivo.json]  muestra cómo queda un correo de salida con datos de ejemplo', () => require('./template-preview.command').templatePreviewCommand),
  ];
}
