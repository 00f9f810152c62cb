import fc from 'fast-check';

/** Byte sequences that are not UTF-8: a lone continuation, an overlong form, a surrogate, a cut sequence, 0xFF. */
const INVALID_UTF8 = [[0x80], [0xc0, 0xaf], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xff], [0xfe, 0xff], [0xf8, 0x88, 0x80, 0x80, 0x80]];

/** One change to a file's bytes. */
type Mutation =
  | { kind: 'invalid-utf8'; at: number; bytes: number[] }
  | { kind: 'nul'; at: number }
  | { kind: 'bom' }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'byte'; at: number; value: number }
  | { kind: 'crlf' };

const at = fc.double({ min: 0, max: 1, noNaN: true });
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('invalid-utf8' as const), at, bytes: fc.constantFrom(...INVALID_UTF8) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('nul' as const), at }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at, length: fc.integer({ min: 1, max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at, length: fc.integer({ min: 1, max: 40 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('byte' as const), at, value: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crlf' as const }) },
);

/** Mutations to apply: none most of the time, so well-formed cases go deep too. */
export const mutationsArb: fc.Arbitrary<Mutation[]> = mutationsSometimes(40);

/** Mutations `percent`% of the time, else none. */
export function mutationsSometimes(percent: number): fc.Arbitrary<Mutation[]> {
  return fc.oneof(
    { weight: 100 - percent, arbitrary: fc.constant<Mutation[]>([]) },
    { weight: percent, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) },
  );
}

/** The text's UTF-8 bytes with the mutations applied (positions are fractions of the length). */
export function mutate(text: string, mutations: Mutation[]): Buffer {
  let bytes = Buffer.from(text, 'utf8');
  for (const m of mutations) {
    const i = 'at' in m ? Math.floor(m.at * bytes.length) : 0;
    switch (m.kind) {
      case 'invalid-utf8': bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from(m.bytes), bytes.subarray(i)]); break;
      case 'nul': bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([0]), bytes.subarray(i)]); break;
      case 'bom': bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]); break;
      case 'truncate': bytes = bytes.subarray(0, i); break;
      case 'delete': bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + m.length)]); break;
      case 'duplicate': bytes = Buffer.concat([bytes.subarray(0, i + m.length), bytes.subarray(i)]); break;
      case 'byte': if (bytes.length) bytes[Math.min(i, bytes.length - 1)] = m.value; break;
      case 'crlf': bytes = Buffer.from(bytes.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'); break;
    }
  }
  return bytes;
}

/** YAML documents that attack the parser itself: alias bombs, deep flow nesting, tags, directives, many documents. */
export const hostileYamlArb: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 2, max: 12 }).map((levels) => {
    const lines = ['name: bomb', 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    lines.push(`consts: { bomb: *a${levels} }`, 'steps: [{ name: s, type: console, with: { message: "{{ consts.bomb }}" } }]');
    return lines.join('\n');
  }),
  fc.integer({ min: 50, max: 5000 }).map((n) => `name: deep\nsteps: ${'['.repeat(n)}${']'.repeat(n)}\n`),
  fc.integer({ min: 50, max: 5000 }).map((n) => `name: deep\nconsts:\n${Array.from({ length: Math.min(n, 400) }, (_, i) => `${'  '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`),
  fc.constantFrom(
    '%YAML 1.1\n---\nname: x\nsteps: []\n',
    '%YAML 9.9\n---\nname: x\n',
    'name: a\n---\nname: b\n',
    '--- !!map\nname: x\nsteps: !!seq []\n',
    'name: &n x\n<<: { steps: [] }\n',
    'name: x\nsteps:\n  - &s { name: a, type: console, with: { message: hi } }\n  - *s\n',
    'name: x\nsteps: *missing\n',
    '? [complex, key]\n: value\nname: x\n',
    'name: !!js/function "function(){}"\nsteps: []\n',
    '"name": "x"\n"name": "y"\nsteps: []\n',
    'name: x\nsteps:\n\t- bad tab\n',
    '\ufeffname: bom\nsteps: []\n',
    'name: x\nconsts: { a: 1, a: 2 }\nsteps: []\n',
    '&a [*a]',
    'name: x\nconsts: &c { self: *c }\nsteps: []\n',
  ),
);
