import { expect } from 'chai';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { readYamlFast } from './fast-yaml';
import { YamlSource } from './yaml-source';

const ROOT = join(__dirname, '..', '..', '..');

/** The `yaml` path's reading of a text: its value, or undefined when it reports a problem. */
function slow(text: string): { value: unknown; source: YamlSource } | undefined {
  const parsed = YamlSource.parse(text, 'f.yaml');
  if (parsed.problems.length) return undefined;
  const js = parsed.source.toJS();
  return js.problems.length ? undefined : { value: js.value, source: parsed.source };
}

/** Every text the fast path reads must be read alike (value and locations) by the `yaml` path. */
function expectAgreement(text: string): boolean {
  const fast = readYamlFast(text, 'f.yaml', ['name', 'enabled']);
  if (!fast) return false;
  const reference = slow(text);
  expect(reference, `the yaml path refuses what the fast path read: ${JSON.stringify(text)}`).not.to.equal(undefined);
  expect(isDeepStrictEqual(fast.value, reference!.value), `values differ for ${JSON.stringify(text)}`).to.equal(true);
  for (const key of Object.keys(fast.locations)) {
    expect(fast.locations[key], `location of ${key} in ${JSON.stringify(text)}`).to.deep.equal(reference!.source.locate([key], 'value'));
  }
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** A deterministic pseudo-random source (mulberry32). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('readYamlFast', () => {
  before(() => {
    // `yaml` warns (process warnings) when it stringifies collection keys.
    process.on('warning', ignore);
  });
  after(() => {
    process.off('warning', ignore);
  });
  const ignore = (): void => undefined;

  it('reads every workflow and config of the repository as the yaml path does', () => {
    const files = [...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'test', 'fixtures'))];
    expect(files.length).to.be.above(5);
    for (const file of files) expectAgreement(readFileSync(file, 'utf8'));
  });

  it('never reads a mutated document otherwise than the yaml path (differential fuzz, 4000 mutants)', () => {
    const next = random(1);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const corpus = yamlFiles(join(ROOT, 'examples')).map((f) => readFileSync(f, 'utf8'));
    corpus.push('name: n\nenabled: false\nsteps:\n  - name: a\n    with:\n      m: |\n        x\n          y\n\n        z\n      f: >-\n        a\n        b\n', '{name: flow, enabled: true, steps: [{name: a, type: console}]}\n');
    const alphabet = [' ', ' ', '\t', '\n', '\n', ':', '-', '#', "'", '"', '[', ']', '{', '}', ',', '|', '>', '&', '*', '!', '?', '%', '@', '0', '.', 'x', '\\', '~', ': ', '- ', '  ', '\r\n', '\r', '\u00e9', '\ufeff'];
    let read = 0;
    for (let n = 0; n < 4000; n++) {
      let text = pick(corpus);
      for (let e = 1 + Math.floor(next() * 4); e > 0; e--) {
        const i = Math.floor(next() * (text.length + 1));
        const op = next();
        if (op < 0.25) text = text.slice(0, i) + text.slice(i + 1);
        else if (op < 0.5) text = text.slice(0, i) + pick(alphabet) + text.slice(i);
        else if (op < 0.75) text = text.slice(0, i) + pick(alphabet) + text.slice(i + 1);
        else {
          const lines = text.split('\n');
          const l = Math.floor(next() * lines.length);
          lines[l] = next() < 0.5 ? ` ${lines[l]}` : lines[l].replace(/^ /, '');
          text = lines.join('\n');
        }
      }
      if (expectAgreement(text)) read++;
    }
    expect(read).to.be.above(1000);
  });

  it('reads documents of every style as the yaml path does (generated, 2000 documents)', () => {
    const next = random(2);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const words = ['a', 'name', 'true', 'null', '~', '1', '-2', '0x1F', '0o17', '1.5', '.5', '1e3', '.inf', '.NaN', 'yes', 'x y', ' lead', 'trail ', 'a: b', 'a #b', '- d', '[e]', 'g,h', "it's", 'say "hi"', 'multi\nline', 'end\n', '\\', 'é', '{{ event.id }}', '*', '&', '!', '%', '', '1_000', '0b1', '+.5', '-0', '012', '2024-01-01'];
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 2 || r < 0.5) return pick([pick(words), Math.floor(next() * 1000) - 500, next() * 100, next() < 0.5, null]);
      if (r < 0.75) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(words) || 'k', value(depth + 1)]));
    };
    let read = 0;
    for (let n = 0; n < 2000; n++) {
      const root = { name: pick(words), ...Object.fromEntries(Array.from({ length: 1 + Math.floor(next() * 4) }, () => [pick(words) || 'k', value(0)])) };
      const text = stringify(root, {
        blockQuote: pick([true, false, 'folded', 'literal'] as const), defaultStringType: pick(['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL', 'BLOCK_FOLDED'] as const),
        collectionStyle: pick(['any', 'block', 'flow'] as const), indent: pick([2, 4]), lineWidth: pick([0, 20, 80]),
      });
      if (expectAgreement(text)) read++;
    }
    expect(read).to.be.above(800);
  });

  describe('resolves scalars by the yaml package\'s core schema', () => {
    it('reads numbers, booleans and nulls as yaml does, not as js-yaml does', () => {
      const fast = readYamlFast('a: 1_000\nb: 0b11\nc: +.5\nd: 0o17\ne: 0x1F\nf: .inf\ng: ~\nh: True\ni: yes\nj: 1e3\nk: 012\n', 'f.yaml');
      expect(fast?.value).to.deep.equal({ a: '1_000', b: '0b11', c: 0.5, d: 15, e: 31, f: Infinity, g: null, h: true, i: 'yes', j: 1000, k: 12 });
    });

    it('locates top-level values where the yaml path does, a BOM counted', () => {
      const text = '\ufeff# c\nname:   "wf"\nenabled: false\nsteps: []\n';
      expect(readYamlFast(text, 'w.yaml', ['name', 'enabled'])?.locations).to.deep.equal({ name: { file: 'w.yaml', line: 2, col: 9 }, enabled: { file: 'w.yaml', line: 3, col: 10 } });
    });
  });

  describe('leaves to the yaml path', () => {
    const declined: Array<[string, string]> = [
      ['a %YAML directive', '%YAML 1.1\n---\na: yes\n'],
      ['a tag', 'a: !!str 5\n'],
      ['a local tag', 'a: !thing 5\n'],
      ['the non-specific tag', 'a: ! 5\n'],
      ['an anchor and alias', 'a: &x 1\nb: *x\n'],
      ['an explicit key', '? a\n: 1\n'],
      ['a collection as a key', '[a]: 1\n'],
      ['a collection as a key without value in a flow mapping', 'a: { b: 1, [c] }\n'],
      ['a null key', 'null: 1\n'],
      ['a quoted scalar over two lines', 'a: "one\n  two"\n'],
      ['a plain scalar over two lines', 'a: one\n  two\n'],
      ['a flow collection over two lines', 'a: [1,\n  2]\n'],
      ['a tab in indentation', 'a:\n\tb: 1\n'],
      ['a lone carriage return', 'a: 1\rb: 2\n'],
      ['a comment glued to a quote', 'a: "x"#c\n'],
      ['an empty list item', 'a:\n  - # nothing\n  - b\n'],
      ['a block scalar with a line of spaces', 'a: |\n  x\n    \n  y\n'],
      ['a BOM past the start', 'a: 1\n\ufeffb: 2\n'],
      ['a root that is not a mapping', '- a\n- b\n'],
      ['an empty document', ''],
      ['a duplicate key', 'a: 1\na: 2\n'],
      ['a syntax error', 'a: [1, 2\n'],
      ['a document nested deeper than 100 levels', `a: ${'['.repeat(101)}${']'.repeat(101)}\n`],
    ];
    for (const [what, text] of declined) {
      it(`declines ${what}`, () => {
        expect(readYamlFast(text, 'f.yaml')).to.equal(undefined);
      });
    }

    it('declines to locate an empty value (the yaml path locates it on its key\'s line)', () => {
      expect(readYamlFast('name: wf\nenabled:\nsteps: []\n', 'f.yaml', ['enabled'])).to.equal(undefined);
    });
  });
});
