import { expect } from 'chai';
import { defineConnectorType, definePlugin, IsString, ok } from '../index';
import { recordingLogger } from './recording-logger';
import { createTestRelayflow } from './test-relayflow';

class Empty {}
class Secrets { @IsString() token!: string; }
class Params { @IsString() text!: string; }

const plugin = definePlugin({
  id: 'logs', sdk: '^1.0.0',
  setup({ registerConnectorType }) {
    registerConnectorType(defineConnectorType({
      id: 'logs', name: 'Logs', config: Empty, secrets: Secrets, defaultAction: 'say',
      actions: { say: { params: Params, async execute({ params, secrets, logger }) { logger.info(`saying ${params.text} with ${secrets.token}`); return ok(null); } } },
    }));
  },
});

describe('recordingLogger', () => {
  it('receives core and plugin logs, with the connector secrets redacted', async () => {
    const logs = recordingLogger();
    const rf = await createTestRelayflow({ plugins: [plugin], logger: logs.logger, connectors: [{ type: 'logs', name: 'l', secrets: { token: 'very-secret-token' } }] });
    await rf.runAction({ type: 'logs', connector: 'l', params: { text: 'hi' } });
    await rf.stop();
    const line = logs.lines.find((l) => l.message.startsWith('saying hi'));
    expect(line).to.deep.include({ level: 'info', message: 'saying hi with [REDACTED]' });
    expect(line?.fields).to.deep.include({ connector: 'l', action: 'logs.say' });
    expect(logs.text()).to.not.include('very-secret-token');
  });
});
