import { CliCommand, CliUsageError } from './cli-command';
import { cliCommands } from './commands';

function printHelp(commands: CliCommand[]): void {
  process.stdout.write('Uso: mesa <comando> [opciones]\n\nComandos:\n');
  for (const command of commands) process.stdout.write(`  ${command.usage}\n`);
}

export async function runCli(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const commands = cliCommands();
  if (!name || name === 'help' || name === '--help') {
    printHelp(commands);
    process.exitCode = name ? 0 : 2;
    return;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`mesa: comando desconocido «${name}». Use «mesa help».\n`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await command.run(rest);
  } catch (error: unknown) {
    if (error instanceof CliUsageError) {
      process.stderr.write(`mesa ${name}: ${error.message}\n`);
      process.exitCode = 2;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`mesa ${name}: error: ${message}\n`);
      process.exitCode = 1;
    }
  }
}
