import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './support/cli';

describe('npm run demo', function () {
  this.timeout(120_000);

  it('runs every example workflow to completion against the local stand-ins', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, 'examples', 'demo', 'run-demo.js')], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => { out += d; });
      child.stderr.on('data', (d) => { err += d; });
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
    });
    expect(code, `${stdout}\n${stderr}`).to.equal(0);
    const summary = stdout.slice(stdout.lastIndexOf('Summary'));
    expect(summary.match(/^completed {2}\S+\.yaml$/gm)).to.have.length.of.at.least(8);
    expect(summary).to.not.include('FAILED');
    expect(stdout).to.include('slack #security-alerts: High-priority alert: Brute force login attempts on web-01. Please investigate immediately.');
    expect(stdout + stderr).to.not.include('demoWebhookSecret').and.not.include('demo-api-token');
  });
});
