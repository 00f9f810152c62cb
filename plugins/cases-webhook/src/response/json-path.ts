/**
 * A path into a JSON response, in lodash `get` syntax: `id`, `data.id`, `fields.ids[0]`,
 * `data["key.with.dots"]`. Parsed once, so a bad path is reported when the connector is saved.
 */
export class JsonPath {
  private constructor(readonly text: string, readonly segments: ReadonlyArray<string | number>) {}

  /**
   * @throws Error saying what is wrong with the path
   */
  static parse(text: string): JsonPath {
    const segments: Array<string | number> = [];
    let i = 0;
    const fail = (why: string): never => {
      throw new Error(`"${text}" is not a valid key path (${why} at position ${i}); use dots and [index], e.g. data.id or fields.ids[0]`);
    };
    if (text.trim() === '') fail('empty');
    let expectName = true;
    while (i < text.length) {
      const c = text[i];
      if (c === '[') {
        const close = text.indexOf(']', i);
        if (close < 0) fail('unclosed [');
        const inner = text.slice(i + 1, close).trim();
        const quoted = /^(["'])(.*)\1$/.exec(inner);
        if (/^\d+$/.test(inner)) segments.push(Number(inner));
        else if (quoted) segments.push(quoted[2]);
        else fail('expected a number or a quoted key inside []');
        i = close + 1;
        expectName = false;
      } else if (c === '.') {
        if (expectName) fail('empty segment');
        i += 1;
        expectName = true;
      } else {
        if (!expectName) fail('expected . or [');
        let end = i;
        while (end < text.length && text[end] !== '.' && text[end] !== '[') end++;
        const name = text.slice(i, end);
        if (name.includes(']')) fail('unexpected ]');
        segments.push(name);
        i = end;
        expectName = false;
      }
    }
    if (expectName) fail('ends with .');
    return new JsonPath(text, segments);
  }

  /** The value at the path, or undefined when any step is missing. */
  get(data: unknown): unknown {
    let current: unknown = data;
    for (const segment of this.segments) {
      if (current === null || typeof current !== 'object') return undefined;
      current = (current as Record<string | number, unknown>)[segment];
    }
    return current;
  }
}
