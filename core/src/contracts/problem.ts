/** A path into a document: object keys and array indices. */
export type FieldPath = ReadonlyArray<string | number>;

/**
 * Finer codes for one problem, below the error that carries it (`CONFIG_INVALID`,
 * `WORKFLOW_INVALID`, `VALIDATION_FAILED`, ...):
 * - `YAML_SYNTAX`: the text is not valid YAML (or holds an alias to nothing, or more than one document)
 * - `ENV_NOT_SET`: a `${env:NAME}` names a variable that is not set
 * - `UNKNOWN_KEY`: a key the schema does not know
 * - `MISSING_KEY`: a required key is absent
 * - `INVALID_VALUE`: a value of the wrong type or shape, or out of range
 * - `DUPLICATE_VALUE`: a value that must be unique (a name, an id) is used twice
 */
export type ProblemCode = 'YAML_SYNTAX' | 'ENV_NOT_SET' | 'UNKNOWN_KEY' | 'MISSING_KEY' | 'INVALID_VALUE' | 'DUPLICATE_VALUE';

/** A problem with a location: a field path and, when it came from a file, where in it. */
export interface Problem {
  /** Dotted field path, e.g. `secrets.webhookUrl` or `steps[2].with.summary`. */
  path?: string;
  /** The same path as keys and indices (`['steps', 2, 'with', 'summary']`), for programs. */
  fieldPath?: FieldPath;
  /**
   * What kind of problem: a {@link ProblemCode}, or an error-table code (e.g. `WORKFLOW_INVALID`)
   * when nothing finer applies. Stable: programs may switch on it.
   */
  code?: string;
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
