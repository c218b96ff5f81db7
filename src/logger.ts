/**
 * The engine logs through this interface so that the GitHub Action and the CLI can each render
 * messages their own way (workflow commands vs plain text).
 */
export interface AnnotationProperties {
  title?: string;
  file?: string;
}

export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  /** Registers a value that must never be printed. */
  setSecret(value: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that records everything in memory; used where output must be collected first. */
export const silentLogger: Logger = {
  info: () => undefined,
  debug: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  setSecret: () => undefined,
  group: (_name, fn) => fn(),
};
