import { ValidateBy, type ValidationOptions } from '@relayflow/sdk';

/** One Block Kit block: an object with a `type` (Slack checks the rest). */
export type Block = Record<string, unknown> & { type: string };

/**
 * Normalises a `blocks` param before validation. Accepted forms: an array of blocks, JSON text
 * of one (what a Mustache template renders an array to), or `{ "blocks": [...] }` as object or
 * JSON text (what Slack's Block Kit Builder exports). Anything else is returned unchanged so the
 * validator reports it.
 */
export function normalizeBlocks(value: unknown): unknown {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (isPlainObject(parsed) && Array.isArray(parsed.blocks)) return parsed.blocks;
  return parsed;
}

/** True for a non-empty array of objects that each have a string `type`. */
export function isBlockArray(value: unknown): value is Block[] {
  return Array.isArray(value) && value.length > 0 && value.every((b) => isPlainObject(b) && typeof b.type === 'string');
}

/** Validates a (normalised) `blocks` param; see {@link normalizeBlocks}. */
export function IsBlocks(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isSlackBlocks',
    validator: {
      validate: (value) => isBlockArray(value),
      defaultMessage: (args) => `${args?.property ?? 'blocks'} must be a non-empty array of Block Kit blocks (objects with a "type"), JSON text of one, or {"blocks": [...]} as exported by Block Kit Builder`,
    },
  }, options);
}

/** A Block Kit message body: its blocks and, when given, the plain-text fallback. */
export interface BlockKitBody {
  blocks: Block[];
  text?: string;
}

/**
 * Reads a `postBlockkit` body: JSON text (or an object) that contains `blocks`, as Kibana's
 * `.slack_api` takes it.
 * @returns the body, or a message saying what is wrong with it
 */
export function parseBlockKitBody(value: unknown): BlockKitBody | string {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (err) {
      return `block kit body is not valid JSON - ${(err as Error).message}`;
    }
  }
  if (!isPlainObject(parsed)) return 'block kit body must be a JSON object with a "blocks" field';
  if (!('blocks' in parsed)) return 'block kit body must contain field "blocks"';
  if (!isBlockArray(parsed.blocks)) return 'block kit body field "blocks" must be a non-empty array of blocks (objects with a "type")';
  const body: BlockKitBody = { blocks: parsed.blocks };
  if (typeof parsed.text === 'string' && parsed.text !== '') body.text = parsed.text;
  return body;
}

/** Validates a `postBlockkit` `text` param; see {@link parseBlockKitBody}. */
export function IsBlockKitBody(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({
    name: 'isSlackBlockKitBody',
    validator: {
      validate: (value) => typeof parseBlockKitBody(value) !== 'string',
      defaultMessage: (args) => `${args?.property ?? 'text'}: ${String(parseBlockKitBody(args?.value))}`,
    },
  }, options);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
