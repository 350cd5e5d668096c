import { loadAppConfig } from '../../config/app-config';
import { migrateDatabase } from '../../database/migrate';
import { CliCommand } from '../cli-command';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  usage: 'migrate                      crea la base de datos si falta y aplica las migraciones pendientes',
  async run(): Promise<number> {
    const applied = await migrateDatabase(loadAppConfig().databaseUrl);
    process.stdout.write(applied.length ? `Migraciones aplicadas: ${applied.join(', ')}\n` : 'La base de datos ya está al día.\n');
    return 0;
  },
};
