/** The channel fields a `slack_api` post takes (Relayflow's `channel` plus Kibana's three lists). */
export interface ChannelFields {
  channel?: string;
  channelIds?: string[];
  channelNames?: string[];
  /** Kibana's deprecated list; still accepted. */
  channels?: string[];
}

/** Where the chosen channel came from. */
export type ChannelSource = keyof ChannelFields;

/**
 * The order in which the channel fields are read: the first one that holds a non-empty value
 * wins and the others are ignored. Ids come before names because an id never changes when a
 * channel is renamed (Kibana has shipped both orders; Relayflow pins this one).
 */
export const CHANNEL_PRECEDENCE: readonly ChannelSource[] = ['channel', 'channelIds', 'channelNames', 'channels'];

/** The channel a post goes to. */
export interface ChannelChoice {
  channel: string;
  from: ChannelSource;
  /** Other fields that also held a channel and were ignored. */
  ignored: ChannelSource[];
  /** Further channels in the chosen list, which are not posted to (Kibana posts to the first only). */
  unused: string[];
}

/**
 * Picks the one channel to post to, following {@link CHANNEL_PRECEDENCE}. Empty strings and
 * empty lists count as absent (a template that rendered nothing).
 * @returns the choice, or undefined when no field holds a channel
 */
export function selectChannel(fields: ChannelFields): ChannelChoice | undefined {
  const present = CHANNEL_PRECEDENCE.filter((f) => firstValue(fields[f]) !== undefined);
  if (present.length === 0) return undefined;
  const [from, ...ignored] = present;
  const value = fields[from];
  const entries = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return { channel: firstValue(value) as string, from, ignored, unused: entries.slice(1) };
}

/**
 * The warning for a list with several channels, or undefined when only one was given.
 * @returns e.g. `channelIds holds 2 channels: posted to the first, C1, not to C2 (post to each with foreach)`
 */
export function unusedChannelsWarning(choice: ChannelChoice): string | undefined {
  if (choice.unused.length === 0) return undefined;
  const count = choice.unused.length + 1;
  return `${choice.from} holds ${count} channels: posted to the first, ${choice.channel}, not to ${choice.unused.join(', ')} (to post to each, use foreach)`;
}

/** The first non-empty entry: a list's first channel (empty entries, from a template, are skipped). */
function firstValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value.find((x) => typeof x === 'string' && x.trim() !== '') : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** An `allowedChannels` entry: an id (`C0123456789`), a name (`#general` or `general`), or both. */
export type AllowedChannelEntry = string | { id?: string; name?: string };

/**
 * The connector's channel allow-list. Absent or empty means any channel. A channel is allowed
 * when, with a leading `#` stripped on both sides and compared case-insensitively, it equals an
 * entry's id or name. Names are not resolved to ids: list `{ id, name }` to post by either.
 */
export class AllowedChannels {
  private readonly keys: ReadonlySet<string>;
  private readonly labels: readonly string[];

  constructor(entries: readonly AllowedChannelEntry[] | undefined) {
    const keys = new Set<string>();
    const labels: string[] = [];
    for (const entry of entries ?? []) {
      const parts = typeof entry === 'string' ? [entry] : [entry.id, entry.name ? `#${stripHash(entry.name)}` : undefined];
      const given = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
      given.forEach((p) => keys.add(key(p)));
      labels.push(given.join(' / '));
    }
    this.keys = keys;
    this.labels = labels;
  }

  /** True when no allow-list is configured. */
  get unrestricted(): boolean {
    return this.keys.size === 0;
  }

  /** True when posting to `channel` (id, `#name` or name) is allowed. */
  allows(channel: string): boolean {
    return this.unrestricted || this.keys.has(key(channel));
  }

  /** The allow-list as a user wrote it, for messages. */
  describe(): string {
    return this.labels.join(', ');
  }
}

/**
 * True for a well-formed allow-list entry.
 * @see AllowedChannelEntry
 */
export function isAllowedChannelEntry(value: unknown): value is AllowedChannelEntry {
  if (typeof value === 'string') return value.trim() !== '' && stripHash(value.trim()) !== '';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entry = value as Record<string, unknown>;
  if (Object.keys(entry).some((k) => k !== 'id' && k !== 'name')) return false;
  const filled = (['id', 'name'] as const).filter((k) => entry[k] !== undefined);
  return filled.length > 0 && filled.every((k) => typeof entry[k] === 'string' && stripHash((entry[k] as string).trim()) !== '');
}

function stripHash(text: string): string {
  return text.startsWith('#') ? text.slice(1) : text;
}

function key(channel: string): string {
  return stripHash(channel.trim()).toLowerCase();
}
