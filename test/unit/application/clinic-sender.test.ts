import { expect } from 'chai';
import { ClinicSender } from '../../../src/application/clinic-sender.js';
import { aClinic, CLINIC_NUMBER, CLINIC_WHATSAPP_NUMBER } from '../../support/clinic-builder.js';
import { ALICE } from '../../support/patients.js';
import { RecordingMessenger } from '../../support/recording-messenger.js';
import { rejectionOf } from '../../support/rejection-of.js';

describe("a clinic's texts", () => {
  it('go out from the first number the clinic lists by SMS, and from the configured WhatsApp sender on WhatsApp', async () => {
    const messenger = new RecordingMessenger();
    const sender = new ClinicSender(messenger, aClinic({ numbers: [CLINIC_NUMBER, CLINIC_WHATSAPP_NUMBER] }));
    const { providerId } = await sender.send({ to: ALICE, channel: 'sms', body: 'See you Tuesday.' });
    await sender.send({ to: ALICE, channel: 'whatsapp', body: 'See you Wednesday.' });
    expect(providerId).to.equal('rec_1');
    expect(messenger.sent).to.deep.equal([
      { to: ALICE, channel: 'sms', body: 'See you Tuesday.', from: CLINIC_NUMBER },
      { to: ALICE, channel: 'whatsapp', body: 'See you Wednesday.' },
    ]);
  });

  it('go out from the configured sender when the clinic lists no number', async () => {
    const messenger = new RecordingMessenger();
    await new ClinicSender(messenger, aClinic({ numbers: [] })).send({ to: ALICE, channel: 'sms', body: 'Hello.' });
    expect(messenger.sent).to.deep.equal([{ to: ALICE, channel: 'sms', body: 'Hello.' }]);
  });

  it('keep a sender a message already names', async () => {
    const messenger = new RecordingMessenger();
    await new ClinicSender(messenger, aClinic({ numbers: [CLINIC_NUMBER] })).send({
      to: ALICE,
      channel: 'sms',
      body: 'Hello.',
      from: CLINIC_WHATSAPP_NUMBER,
    });
    expect(messenger.sent).to.deep.equal([{ to: ALICE, channel: 'sms', body: 'Hello.', from: CLINIC_WHATSAPP_NUMBER }]);
  });

  it("fail as the deployment's messenger fails", async () => {
    const failing = { send: () => Promise.reject(new Error('provider down')) };
    const error = await rejectionOf(
      new ClinicSender(failing, aClinic({ numbers: [CLINIC_NUMBER] })).send({ to: ALICE, channel: 'sms', body: 'Hi.' }),
    );
    expect(error.message).to.equal('provider down');
  });
});
