// One Logger for the CLI and the Action. The CLI writes to stderr so stdout stays the report;
// the Action implementation (in action code) maps onto @actions/core.

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export interface StreamLike {
  write(chunk: string): unknown;
}

export class ConsoleLogger implements Logger {
  constructor(
    private readonly stream: StreamLike,
    private readonly verbose = false,
  ) {}

  debug(message: string): void {
    if (this.verbose) this.stream.write(`debug: ${message}\n`);
  }
  info(message: string): void {
    this.stream.write(`${message}\n`);
  }
  warning(message: string): void {
    this.stream.write(`warning: ${message}\n`);
  }
  error(message: string): void {
    this.stream.write(`error: ${message}\n`);
  }
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warning() {},
  error() {},
};
