import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../support/server-process.js';

/**
 * `npm run soak` at a few seconds: faults, the kill and the restart all happen, and every invariant
 * must still hold. (The default run, a minute, is in BENCHMARKS.md.)
 */
describe('npm run soak, for 6 seconds', () => {
  it('injects faults, survives kill -9, and passes every invariant', async function () {
    this.timeout(60_000);
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/bench/soak.js', '--seconds', '6'], {
      cwd: PROJECT_ROOT,
    }).catch((error: { stdout?: string; message: string }) => {
      throw new Error(`the soak exited with an error:\n${error.stdout ?? error.message}`);
    });
    const verdicts = stdout.split('\n').filter((line) => /^(PASS|FAIL) /.test(line));
    expect(verdicts, stdout).to.have.length(8);
    expect(
      verdicts.filter((line) => line.startsWith('FAIL')),
      stdout,
    ).to.deep.equal([]);
    const header = stdout.split('\n').find((line) => line.startsWith('kind '));
    // The run really went through both ordeals: the store's faults answered 5xx, the kill left requests unanswered.
    expect(header, stdout)
      .to.match(/ 50[03] /)
      .and.to.include('no answer');
  });
});
