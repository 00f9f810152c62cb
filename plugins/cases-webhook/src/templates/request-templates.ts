import { bodyExcerpt, RelayflowError } from '@relayflow/sdk';
import { compileTemplate, TemplateError, type CompiledTemplate } from './template';
import { checkVariable, SAMPLE_VIEW } from './variables';

/** A template that rendered to something that must not be sent; says which one and why. */
export class RenderError extends Error {}

/**
 * A URL template. Templates may appear only after the scheme and host (in the path, query or
 * fragment), so case data can never choose where a request goes; every inserted value is
 * URL-encoded, so an id like `../../x` stays one path segment, and a value in the path that is
 * exactly `.` or `..` (which a URL resolves to another path, even percent-encoded) is refused.
 */
export class UrlTemplate {
  private constructor(readonly field: string, readonly label: string, private readonly template: CompiledTemplate, readonly origin: string) {}

  /**
   * @throws TemplateError when the template does not parse, uses an unknown variable, or
   *   templates the scheme or host
   */
  static compile(field: string, label: string, source: string, variables: readonly string[]): UrlTemplate {
    const template = compileChecked(source, 'url', variables);
    const origin = literalOrigin(template);
    return new UrlTemplate(field, label, template, origin);
  }

  /** The URL rendered with the sample values (for the allowed-hosts check when saving). */
  sample(): string {
    return this.template.render(SAMPLE_VIEW);
  }

  /**
   * Renders and checks the URL: it must parse, be http(s), and keep the configured scheme and
   * host, and no path segment may be a value of `.` or `..`.
   * @throws RenderError naming the URL (`Create case URL`, ...) and what is wrong
   */
  render(view: object): string {
    let url: string;
    try {
      url = this.template.render(view);
    } catch (err) {
      if (RelayflowError.is(err) && err.code === 'VALIDATION_FAILED') throw new RenderError(`${this.label} (config.${this.field}): ${err.message}`);
      throw err;
    }
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RenderError(`${this.label} (config.${this.field}) is not a valid URL after rendering; nothing was sent`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new RenderError(`${this.label} (config.${this.field}) must be http or https after rendering (got ${parsed.protocol}); nothing was sent`);
    }
    if (parsed.origin !== this.origin) {
      throw new RenderError(`${this.label} (config.${this.field}) rendered to host ${parsed.host}, not the configured ${new URL(this.origin).host}; nothing was sent`);
    }
    return url;
  }
}

/** A JSON body template: rendered values are JSON-encoded by position, and the result must parse. */
export class BodyTemplate {
  private constructor(readonly field: string, readonly label: string, private readonly template: CompiledTemplate) {}

  /**
   * @throws TemplateError when the template does not parse, uses an unknown variable, or does
   *   not render to JSON with sample values
   */
  static compile(field: string, label: string, source: string, variables: readonly string[]): BodyTemplate {
    const template = compileChecked(source, 'json', variables);
    const sample = template.render(SAMPLE_VIEW);
    try {
      JSON.parse(sample);
    } catch (err) {
      throw new TemplateError(`does not render to valid JSON (tried with sample values): ${(err as Error).message}; rendered: ${bodyExcerpt(sample)}`);
    }
    return new BodyTemplate(field, label, template);
  }

  /**
   * Renders the body and checks that it is JSON. The rendered text is sent as is (large numbers
   * and key order survive).
   * @throws RenderError naming the body (`Create case JSON body`, ...) and the parse error
   */
  render(view: object): string {
    const body = this.template.render(view);
    try {
      JSON.parse(body);
    } catch (err) {
      throw new RenderError(`${this.label} (config.${this.field}) is not valid JSON after rendering: ${(err as Error).message}; nothing was sent`);
    }
    return body;
  }
}

function compileChecked(source: string, kind: 'json' | 'url', variables: readonly string[]): CompiledTemplate {
  const template = compileTemplate(source, kind);
  for (const ref of template.references) {
    const problem = checkVariable(ref.name, ref.sections, variables);
    if (problem) throw new TemplateError(problem);
  }
  return template;
}

function literalOrigin(template: CompiledTemplate): string {
  const text = template.isLiteral ? template.source : template.literalPrefix;
  const match = template.isLiteral ? /^(https?:\/\/[^/?#]*)/i.exec(text) : /^(https?:\/\/[^/?#{]+)[/?#]/i.exec(text);
  if (!match) {
    if (!/^https?:\/\//i.test(text) && (template.isLiteral || text.length > 0)) {
      throw new TemplateError('must be an absolute http or https URL');
    }
    throw new TemplateError('may use variables only in the path, query or fragment: write the scheme and host out, followed by /, ? or # (e.g. https://jira.example.com/rest/api/2/issue/{{{external.system.id}}})');
  }
  try {
    const origin = new URL(match[1]).origin;
    if (origin === 'null') throw new Error('no origin');
    return origin;
  } catch {
    throw new TemplateError(`"${match[1]}" is not a valid URL`);
  }
}
