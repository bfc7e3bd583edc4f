import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { CONTRACT_PATH } from './openapi';

const ROOT = resolve(__dirname, '../../../..');

/** `redocly lint` of the committed contract with the repository's .redocly.yaml: its exit code and report. */
async function lint(): Promise<{ code: number; report: string }> {
  const cli = resolve(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [cli, 'lint', CONTRACT_PATH, '--config', '.redocly.yaml'],
      {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    return { code: 0, report: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, report: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe('contract/openapi.json lint', () => {
  jest.setTimeout(60_000);

  it('has no error under redocly’s recommended rules (.redocly.yaml)', async () => {
    const { code, report } = await lint();
    if (code !== 0) throw new Error(`redocly lint ${CONTRACT_PATH} failed:\n${report}`);
    expect(report).toContain('validating contract/openapi.json');
  });
});
