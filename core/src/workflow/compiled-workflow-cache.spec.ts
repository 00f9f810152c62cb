import { expect } from 'chai';
import type { CompiledWorkflow } from '../contracts/compiled-workflow';
import { CompiledWorkflowCache } from './compiled-workflow-cache';

const workflow = (name: string): CompiledWorkflow => ({ id: name, name, enabled: true, triggers: [], inputs: [], consts: {}, steps: [], yaml: '', file: 'f.yaml' });

describe('CompiledWorkflowCache', () => {
  describe('.get', () => {
    it('compiles a text once per file name, and shares a compilation under way', async () => {
      const cache = new CompiledWorkflowCache();
      let compiled = 0;
      const compile = async () => ({ workflow: workflow(`w${++compiled}`), dependencies: [] });
      const [a, b] = await Promise.all([cache.get('name: w', 'a.yaml', compile), cache.get('name: w', 'a.yaml', compile)]);
      expect(a).to.equal(b);
      expect(await cache.get('name: w', 'a.yaml', compile)).to.equal(a);
      expect(await cache.get('name: w', 'b.yaml', compile)).not.to.equal(a);
      expect(await cache.get('name: w ', 'a.yaml', compile)).not.to.equal(a);
      expect(compiled).to.equal(3);
    });

    it('keeps no failure: an invalid text is checked again each time', async () => {
      const cache = new CompiledWorkflowCache();
      let calls = 0;
      const failing = async (): Promise<never> => {
        calls++;
        throw new Error('invalid');
      };
      await cache.get('x', 'f', failing).catch(() => undefined);
      await cache.get('x', 'f', failing).catch(() => undefined);
      expect(calls).to.equal(2);
      expect(cache.size).to.equal(0);
    });

    it('compiles again once a dependency stamp changes, and at least once per freshness window', async () => {
      let generation = 0;
      let now = 0;
      const cache = new CompiledWorkflowCache(10, 50);
      let compiled = 0;
      const compile = async () => ({ workflow: workflow(`w${++compiled}`), dependencies: [{ stamp: () => generation, value: generation }] });
      const first = await cache.get('t', 'f', compile);
      expect(await cache.get('t', 'f', compile)).to.equal(first);
      generation++;
      const second = await cache.get('t', 'f', compile);
      expect(second).not.to.equal(first);
      expect(compiled).to.equal(2);
      now = Date.now();
      while (Date.now() - now < 60) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(await cache.get('t', 'f', compile)).not.to.equal(second);
    });

    it('keeps a workflow without dependencies however old, and drops the least recently used beyond its capacity', async () => {
      const cache = new CompiledWorkflowCache(2, 1);
      let compiled = 0;
      const compile = async () => ({ workflow: workflow(`w${++compiled}`), dependencies: [] });
      const a = await cache.get('a', 'f', compile);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect(await cache.get('a', 'f', compile)).to.equal(a);
      await cache.get('b', 'f', compile);
      await cache.get('a', 'f', compile); // a is now the most recently used
      await cache.get('c', 'f', compile); // b goes
      expect(cache.size).to.equal(2);
      expect(await cache.get('a', 'f', compile)).to.equal(a);
      expect(compiled).to.equal(3);
      await cache.get('b', 'f', compile);
      expect(compiled).to.equal(4);
    });
  });
});
