import type { ItemsSource, TemplateContext } from '../../contracts/compiled-workflow';
import { StepError } from './step-error';

/** A `foreach` source's items: a list, a JSON list in text, or nothing. @throws StepError `ForeachError` for anything else */
export function resolveItems(source: ItemsSource, ctx: TemplateContext): unknown[] {
  let value = source.resolve(ctx);
  if (typeof value === 'string') value = parseList(value);
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  const kind = typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 80)}`;
  throw StepError.of('FOREACH_NOT_ARRAY', `foreach ${JSON.stringify(source.source)} resolved to ${kind}, not an array`);
}

/** A string item source: empty → nothing, JSON text of an array → the array, else the string. */
function parseList(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('[')) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}
