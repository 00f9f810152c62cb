// Types of kql-parser.js, which peggy generates from kql.peggy at build time (npm run generate -w @relayflow/core).

/** A literal value in a condition. `pattern` keeps `*` as a wildcard and escapes the rest. */
export interface KqlValue {
  text: string;
  quoted: boolean;
  wildcard: boolean;
  pattern?: string;
}

/** A parsed condition. */
export type KqlNode =
  | { type: 'or' | 'and'; items: KqlNode[] }
  | { type: 'not'; expr: KqlNode }
  | { type: 'exists'; field: string }
  | { type: 'match'; field: string; any: boolean; values: KqlValue[] }
  | { type: 'range'; field: string; op: '>' | '>=' | '<' | '<='; value: KqlValue };

/** peggy's syntax error, with where in the condition it happened. */
export declare class SyntaxError extends Error {
  location: { start: { offset: number; line: number; column: number } };
}

export declare function parse(input: string): KqlNode;
