import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConnectorType, IsInt, IsString, ok, SDK_VERSION } from './index';

describe('@relayflow/sdk', () => {
  it('declares the SDK version core implements (kept equal to its package version)', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    expect(SDK_VERSION).to.equal(pkg.version);
  });

  describe('defineConnectorType', () => {
    class Config { @IsString() apiUrl!: string; }
    class Secrets { @IsString() token!: string; }
    class Say { @IsString() text!: string; }
    class Count { @IsInt() n!: number; }

    it('types each action from its params class, with no casts', async () => {
      const type = defineConnectorType({
        id: 'typed', name: 'Typed', config: Config, secrets: Secrets, defaultAction: 'say',
        actions: {
          say: {
            params: Say,
            async execute({ params, config, secrets }) {
              const text: string = params.text;
              // @ts-expect-error params of `say` have no `n`
              void params.n;
              return ok(`${config.apiUrl}:${text}:${secrets.token.length}`);
            },
          },
          count: { params: Count, connector: 'none', async execute({ params }) { const n: number = params.n; return ok(n + 1); } },
        },
      });
      expect(Object.keys(type.actions)).to.deep.equal(['say', 'count']);
      expect(type.actions.say.connector).to.equal('required');
      expect(type.actions.count.connector).to.equal('none');
    });

    it('refuses a default action that is not one of the actions', () => {
      expect(() => defineConnectorType({
        id: 'bad', name: 'Bad', config: Config, secrets: Secrets,
        // @ts-expect-error 'missing' is not an action name
        defaultAction: 'missing',
        actions: { say: { params: Say, async execute() { return ok(null); } } },
      })).to.throw(/defaultAction "missing" is not one of its actions/);
    });
  });
});
