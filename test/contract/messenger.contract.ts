import { expect } from 'chai';
import type { Channel } from '../../src/domain/channel.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import type { MessageTemplate, Messenger, OutboundMessage } from '../../src/ports/messenger.js';
import { ALICE } from '../support/patients.js';
import { rejectionOf } from '../support/rejection-of.js';

/** What the provider behind a messenger received, in the port's terms: a template goes without its text. */
export type Delivery = Omit<OutboundMessage, 'body'> & { body?: string; providerId: string };

export interface MessengerUnderTest {
  messenger: Messenger;
  /** Everything the provider accepted so far, oldest first. */
  delivered(): Delivery[];
  /** The provider refuses the next send outright (as for an invalid number). */
  refuseNext(): void;
  close(): Promise<void>;
}

export interface MessengerCapabilities {
  /** Twilio carries WhatsApp; SNS has no WhatsApp and must say so rather than send an SMS instead. */
  whatsapp: 'delivers' | 'refuses';
  /** How the provider's record shows a recipient: the console logs numbers masked. */
  recipientAsSeen?: (to: PhoneNumber) => string;
  /** Where a message without `from` goes out from, on each channel, as the provider's record shows it. */
  configuredSender?: Partial<Record<Channel, PhoneNumber>>;
}

/** A patient abroad: a provider must carry any E.164 number, not only North American ones. */
const OVERSEAS_PATIENT = '+447700900123' as PhoneNumber;
/** One of the deployment's clinics, reached on a number of its own rather than the configured sender. */
const LAKESIDE_NUMBER = '+15557770001' as PhoneNumber;
/** An approved WhatsApp template with its variables, as a Spanish confirmation would carry it. */
const CONFIRMATION_TEMPLATE: MessageTemplate = {
  contentSid: 'HX0123456789abcdef0123456789abcdef',
  variables: { '1': 'Clínica Lakeside', '2': 'martes 3 de marzo a las 10:00', '3': 'apt_1' },
};

/**
 * What every Messenger must do, whatever provider is behind it. Each adapter's test file calls
 * this with its capabilities and a factory that starts a fresh provider (or its fake).
 */
export function messengerContract(
  name: string,
  capabilities: MessengerCapabilities,
  start: () => Promise<MessengerUnderTest>,
) {
  const seen = capabilities.recipientAsSeen ?? ((to: PhoneNumber) => to);
  const expected = (
    providerId: string,
    to: PhoneNumber,
    channel: Channel,
    body: string,
    from = capabilities.configuredSender?.[channel],
  ): Delivery => ({
    providerId,
    to: seen(to) as PhoneNumber,
    channel,
    body,
    ...(from ? { from } : {}),
  });

  describe(`${name} messenger (contract)`, () => {
    let subject: MessengerUnderTest;
    beforeEach(async () => {
      subject = await start();
    });
    afterEach(() => subject.close());

    it('sends an SMS and answers the id the provider gave that very message', async () => {
      const { providerId } = await subject.messenger.send({
        to: ALICE,
        channel: 'sms',
        body: 'Your visit is on Tuesday at 10:30.',
      });
      expect(providerId).to.be.a('string').and.not.equal('');
      expect(subject.delivered()).to.deep.equal([
        expected(providerId, ALICE, 'sms', 'Your visit is on Tuesday at 10:30.'),
      ]);
    });

    it('delivers the text exactly as written: line breaks, accents, symbols and emoji', async () => {
      const body = 'Dr. Müller: Tue 10:30 & Wed 9:00 <both free>\nReply 1 or 2 ✅';
      const { providerId } = await subject.messenger.send({ to: ALICE, channel: 'sms', body });
      expect(subject.delivered()).to.deep.equal([expected(providerId, ALICE, 'sms', body)]);
    });

    it('sends each patient their own message under its own id', async () => {
      const first = await subject.messenger.send({ to: ALICE, channel: 'sms', body: 'for Alice' });
      const second = await subject.messenger.send({ to: OVERSEAS_PATIENT, channel: 'sms', body: 'for Bob' });
      expect(first.providerId).to.not.equal(second.providerId);
      expect(subject.delivered()).to.deep.equal([
        expected(first.providerId, ALICE, 'sms', 'for Alice'),
        expected(second.providerId, OVERSEAS_PATIENT, 'sms', 'for Bob'),
      ]);
    });

    it("sends from the clinic's own number when the message names one, in place of the configured sender", async () => {
      const { providerId } = await subject.messenger.send({
        to: ALICE,
        channel: 'sms',
        body: 'Lakeside Clinic: see you Tuesday.',
        from: LAKESIDE_NUMBER,
      });
      expect(subject.delivered()).to.deep.equal([
        expected(providerId, ALICE, 'sms', 'Lakeside Clinic: see you Tuesday.', LAKESIDE_NUMBER),
      ]);
    });

    it('sends an SMS carrying a template as its text: SMS has no templates', async () => {
      const body = 'Lakeside Clinic: see you Tuesday.';
      const { providerId } = await subject.messenger.send({
        to: ALICE,
        channel: 'sms',
        body,
        template: CONFIRMATION_TEMPLATE,
      });
      expect(subject.delivered()).to.deep.equal([expected(providerId, ALICE, 'sms', body)]);
    });

    if (capabilities.whatsapp === 'delivers') {
      it('sends a WhatsApp template as the template and its variables, in place of the text', async () => {
        const { providerId } = await subject.messenger.send({
          to: ALICE,
          channel: 'whatsapp',
          body: 'Clínica Lakeside: su cita está reservada para el martes 3 de marzo a las 10:00.',
          template: CONFIRMATION_TEMPLATE,
        });
        const { body: _, ...withoutText } = expected(providerId, ALICE, 'whatsapp', '');
        expect(subject.delivered()).to.deep.equal([{ ...withoutText, template: CONFIRMATION_TEMPLATE }]);
      });

      it("delivers a WhatsApp message on WhatsApp, from the clinic's own number when it names one", async () => {
        const first = await subject.messenger.send({ to: ALICE, channel: 'whatsapp', body: 'See you Tuesday.' });
        const second = await subject.messenger.send({
          to: ALICE,
          channel: 'whatsapp',
          body: 'See you Wednesday.',
          from: LAKESIDE_NUMBER,
        });
        expect(subject.delivered()).to.deep.equal([
          expected(first.providerId, ALICE, 'whatsapp', 'See you Tuesday.'),
          expected(second.providerId, ALICE, 'whatsapp', 'See you Wednesday.', LAKESIDE_NUMBER),
        ]);
      });
    } else {
      it('refuses a WhatsApp message with a clear error, and sends no SMS in its place', async () => {
        const error = await rejectionOf(
          subject.messenger.send({ to: ALICE, channel: 'whatsapp', body: 'See you Tuesday.' }),
        );
        expect(error.message).to.match(/cannot send WhatsApp/);
        expect(subject.delivered()).to.deep.equal([]);
      });
    }

    it('rejects, rather than answering "sent", when the provider refuses the message', async () => {
      subject.refuseNext();
      const error = await rejectionOf(subject.messenger.send({ to: ALICE, channel: 'sms', body: 'lost?' }));
      expect(error).to.be.instanceOf(Error);
      expect(subject.delivered()).to.deep.equal([]);
    });
  });
}
