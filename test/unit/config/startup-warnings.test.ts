import { expect } from 'chai';
import { loadConfig, startupWarnings } from '../../../config/load-config.js';
import { PROJECT_ROOT } from '../../support/server-process.js';

const TOKEN = 'a-long-enough-api-token';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:clinic-two-way-sms';

const warningsFor = (env: Record<string, string>) =>
  startupWarnings(loadConfig({ STORAGE: 'memory', API_TOKEN: TOKEN, ...env }, PROJECT_ROOT), false);

describe('the warnings at start', () => {
  const NO_TEXTS = 'MESSAGING_PROVIDER=console: patients get no texts; confirmations and reminders are only logged';
  const NO_REGION = 'no AWS region (AWS_REGION or AWS_DEFAULT_REGION)';

  it('say that patients get no texts while messages go to the log', () => {
    expect(warningsFor({})).to.include(NO_TEXTS);
    expect(warningsFor({ MESSAGING_PROVIDER: 'sns', AWS_REGION: 'us-east-1' })).to.not.include(NO_TEXTS);
  });

  it('say that SNS has no region to send through, before the first text fails', () => {
    const warnings = warningsFor({ MESSAGING_PROVIDER: 'sns' });
    expect(warnings.some((warning) => warning.startsWith(`MESSAGING_PROVIDER=sns: ${NO_REGION}`))).to.equal(true);
    const topic = warningsFor({ MESSAGING_PROVIDER: 'sns', SNS_TOPIC_ARN: TOPIC, AWS_DEFAULT_REGION: 'us-east-1' });
    expect(topic.filter((warning) => warning.includes(NO_REGION))).to.deep.equal([]);
    const inbound = warningsFor({ SNS_TOPIC_ARN: TOPIC });
    expect(inbound.some((warning) => warning.startsWith(`SNS_TOPIC_ARN: ${NO_REGION}`))).to.equal(true);
  });
});
