import { expect } from 'chai';
import { AsyncLogContext } from '../../../../src/adapters/system/async-log-context.js';
import type { Logger } from '../../../../src/ports/logger.js';

function recordingLogger() {
  const lines: Array<{ fields: object; message: string }> = [];
  const write = (fields: object, message: string) => void lines.push({ fields, message });
  const logger: Logger = { debug: write, info: write, warn: write, error: write };
  return { logger, lines };
}

describe('the log context', () => {
  it('gives work run by a runner its fields and those of the context the runner was made in, through awaits', async () => {
    const context = new AsyncLogContext();
    const { logger, lines } = recordingLogger();
    const log = context.logging(logger);
    const inCall = context.run({ requestId: 'req-1' }, () => context.runner({ callSid: 'CA1' }));

    await inCall(async () => {
      log.info({}, 'first');
      await new Promise((resolve) => setImmediate(resolve));
      log.warn({ code: 'x' }, 'second');
    });
    inCall(() => log.info({ callSid: 'own' }, 'third'));
    log.info({}, 'outside');

    expect(lines).to.deep.equal([
      { fields: { requestId: 'req-1', callSid: 'CA1' }, message: 'first' },
      { fields: { requestId: 'req-1', callSid: 'CA1', code: 'x' }, message: 'second' },
      { fields: { requestId: 'req-1', callSid: 'own' }, message: 'third' },
      { fields: {}, message: 'outside' },
    ]);
  });
});
