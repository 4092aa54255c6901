/** The shape of one CLI command module in src/cli/commands/<name>.ts. */
export interface CliIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  /** One line for `faultline help`. */
  summary: string;
  /** Full usage text for `faultline help <command>`. */
  usage: string;
  /** Returns the process exit code. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** An error the user caused (bad flag, missing file): printed without a stack trace. */
export class UsageError extends Error {}
