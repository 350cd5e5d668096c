import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';

/** API and mail intake in one process (the default deployment). */
async function main(): Promise<void> {
  const { app, config } = await createApp({ http: true });
  await app.listen(config.httpPort, '0.0.0.0');
  new Logger('Main').log(`Mesa de Ayuda escuchando en http://localhost:${config.httpPort}`);
}

void main();
