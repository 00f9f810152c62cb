/**
 * Why `text` is not JSON and where, in words that never quote the text: JSON arguments carry
 * secrets (`--secrets`, a connector's body), and the engine's own messages show the first
 * characters of the text (`Unexpected token 'x', "{"token":"s3cr"... is not valid JSON`).
 * @param text - text `JSON.parse` refused
 * @returns e.g. `a comma expected at line 1, column 17`
 */
export function jsonSyntaxMessage(text: string): string {
  if (text.trim() === '') return 'it is empty';
  // Loaded only when something is wrong: a command that parses good JSON never pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsonc = require('jsonc-parser') as typeof import('jsonc-parser');
  let found: string | undefined;
  try {
    jsonc.visit(text, {
      onError(error, _offset, _length, line, column) {
        found ??= `${words(jsonc.printParseErrorCode(error))} at line ${line + 1}, column ${column + 1}`;
      },
    }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch (err) {
    // The parser recurses: thousands of levels overflow it. The scanner does not.
    if (!(err instanceof RangeError)) throw err;
    found = firstBadToken(text, jsonc) ?? 'it breaks the JSON grammar within nesting too deep to follow';
  }
  return found ?? 'it breaks the JSON grammar (RFC 8259)';
}

/** The first character or token no JSON text holds, found by the (iterative) scanner. */
function firstBadToken(text: string, jsonc: typeof import('jsonc-parser')): string | undefined {
  const scanner = jsonc.createScanner(text, false);
  for (let token = scanner.scan(); token !== 17 /* EOF */; token = scanner.scan()) {
    const error = scanner.getTokenError();
    if (token === 16 /* Unknown */ || error !== 0 /* None */) {
      const what = error !== 0 ? words(SCAN_ERRORS[error] ?? 'InvalidSymbol') : words('InvalidSymbol');
      return `${what} at line ${scanner.getTokenStartLine() + 1}, column ${scanner.getTokenStartCharacter() + 1}`;
    }
  }
  return undefined;
}

/** jsonc-parser's ScanError values, by number (a const enum: not available at run time). */
const SCAN_ERRORS = ['None', 'UnexpectedEndOfComment', 'UnexpectedEndOfString', 'UnexpectedEndOfNumber', 'InvalidUnicode', 'InvalidEscapeCharacter', 'InvalidCharacter'];

/** What each of jsonc-parser's error codes means, in a message's words. */
const PHRASES: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes expected',
  ValueExpected: 'a value expected',
  ColonExpected: 'a colon expected',
  CommaExpected: 'a comma expected',
  CloseBraceExpected: 'a closing } expected',
  CloseBracketExpected: 'a closing ] expected',
  EndOfFileExpected: 'nothing expected after the value',
  InvalidCommentToken: 'a comment (JSON has none)',
  UnexpectedEndOfComment: 'an unterminated comment (JSON has none)',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'a malformed number',
  InvalidUnicode: 'an invalid \\u escape',
  InvalidEscapeCharacter: 'an invalid escape',
  InvalidCharacter: 'a control character inside a string (escape it)',
};

function words(code: string): string {
  return PHRASES[code] ?? code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
