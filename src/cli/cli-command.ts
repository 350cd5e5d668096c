/** A `mesa` sub-command. Commands print their result on stdout; errors go to stderr in Spanish. */
export interface CliCommand {
  name: string;
  /** One line of usage, shown by `mesa help`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

/** A user error: printed as is (Spanish), exit code 2, no stack trace. */
export class CliUsageError extends Error {}

/** Splits `--flag value` and `--flag=value` options from positional arguments. */
export function parseCliArgs(args: string[]): { positional: string[]; options: Map<string, string | true> } {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      options.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < args.length && !args[i + 1].startsWith('--')) {
      options.set(arg.slice(2), args[++i]);
    } else {
      options.set(arg.slice(2), true);
    }
  }
  return { positional, options };
}
