import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';

/** Mail intake (and later queue workers) without the HTTP API. */
async function main(): Promise<void> {
  const { app } = await createApp({ http: false });
  await app.init();
  new Logger('Worker').log('Trabajador de Mesa de Ayuda iniciado');
}

void main();
