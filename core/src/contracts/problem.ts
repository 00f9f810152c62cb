/** A path into a document: object keys and array indices. */
export type FieldPath = ReadonlyArray<string | number>;

/** A problem with a location: a field path and, when it came from a file, where in it. */
export interface Problem {
  /** Dotted field path, e.g. `secrets.webhookUrl` or `steps[2].with.summary`. */
  path?: string;
  /** What is wrong and, where it helps, what to do. */
  message: string;
  /** Where in a source file, when the input was a file. */
  location?: SourceLocation;
  /**
   * `warning`: worth saying, but not a reason to refuse (a connector type's `validate` uses it for
   * settings it accepts and ignores). Absent means `error`.
   */
  severity?: 'error' | 'warning';
}

/** A 1-based position in a file. */
export interface SourceLocation {
  /** The file as given (relative or absolute). */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}
