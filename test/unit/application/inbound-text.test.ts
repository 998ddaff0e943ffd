import { expect } from 'chai';
import { InMemoryOptOuts } from '../../../src/adapters/memory/in-memory-opt-outs.js';
import { InMemoryPatientProfiles } from '../../../src/adapters/memory/in-memory-patient-profiles.js';
import { InboundText } from '../../../src/application/inbound-text.js';
import { PatientLanguages } from '../../../src/application/patient-languages.js';
import { RateLimiter } from '../../../src/application/rate-limiter.js';
import { ReplyToText } from '../../../src/application/reply-to-text.js';
import type { Channel } from '../../../src/domain/channel.js';
import type { OptOuts } from '../../../src/ports/opt-outs.js';
import { PACKS } from '../../support/language-packs.js';
import { ALICE, BOB } from '../../support/patients.js';
import { RecordingMessenger } from '../../support/recording-messenger.js';
import { EchoLanguageModel } from '../../support/scripted-language-model.js';
import { silentLogger } from '../../support/test-server.js';
import { aTextReceptionist } from '../../support/text-receptionist.js';
import { MONDAY_8AM } from '../../support/times.js';
import { whatsappWindowsOf } from '../../support/whatsapp-windows.js';

/** A patient's texts as a messages-only channel (SNS) carries them: each reply goes out as a message. */
function aTextChannel(perMinute: number, languages = ['en']) {
  const model = new EchoLanguageModel();
  const { agent, clinic, clock } = aTextReceptionist(model);
  const optOuts: OptOuts = new InMemoryOptOuts();
  const offering = { ...clinic, languages };
  const profiles = new InMemoryPatientProfiles();
  const inbound = new InboundText(
    agent,
    optOuts,
    clinic,
    clock,
    new RateLimiter(perMinute),
    new PatientLanguages(profiles, offering, PACKS),
    whatsappWindowsOf(offering, profiles),
  );
  const messenger = new RecordingMessenger();
  const replies = new ReplyToText(inbound, messenger, clock, silentLogger);
  let ids = 0;
  const text = (body: string, patient = ALICE, channel: Channel = 'sms') => {
    const id = `in-${++ids}`;
    return replies.execute({ patient, text: body, channel, messageId: id, deliveryId: id });
  };
  /** Lets the replies in flight go out. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { clock, model, optOuts, profiles, messenger, text, settle };
}

describe("a patient's texts, past their messages a minute", () => {
  it('are answered once, politely, and then not at all, and none reaches the model', async () => {
    const { model, messenger, text, settle } = aTextChannel(3);
    for (const body of ['one', 'two', 'three', 'four', 'five', 'six']) await text(body);
    await settle();
    expect(model.calls).to.equal(3);
    // The refusal, made without the model, may go out before the replies do.
    expect(messenger.sent.map((m) => m.body)).to.have.members([
      'You said: one',
      'You said: two',
      'You said: three',
      'Test Clinic has had a lot of messages from this number in a short time, so the last ones were not read. Please wait a minute, then text again.',
    ]);
  });

  it('are read again once the minute has given back room, and another patient is not held up meanwhile', async () => {
    const { clock, model, messenger, text, settle } = aTextChannel(2);
    for (const body of ['one', 'two', 'three']) await text(body);
    await text('hello', BOB);
    clock.advance(30_000);
    await text('back again');
    await settle();
    expect(model.calls).to.equal(4);
    expect(messenger.sent.map((m) => m.body).slice(-2)).to.deep.equal(['You said: hello', 'You said: back again']);
  });

  it('still opt the patient out on STOP, without a confirmation past the limit', async () => {
    const { optOuts, messenger, text, settle } = aTextChannel(1);
    await text('one');
    await text('two');
    await text('STOP');
    await settle();
    expect(await optOuts.isOptedOut(ALICE)).to.equal(true);
    expect(messenger.sent.map((m) => m.body)).to.have.length(2);
    expect(messenger.sent.some((m) => /unsubscribed/.test(m.body))).to.equal(false);
  });

  it('tell an opted-out patient nothing, not even that they are over the limit', async () => {
    const { optOuts, messenger, text, settle } = aTextChannel(1);
    await optOuts.optOut(ALICE, MONDAY_8AM);
    await text('one');
    await text('two');
    await settle();
    expect(messenger.sent).to.deep.equal([]);
  });
});

describe("carrier keywords in the patient's language", () => {
  it('opts out on PARAR, BAJA or ALTO as on STOP, confirming in Spanish, and back in on INICIAR', async () => {
    for (const keyword of ['PARAR', 'baja', 'Alto.']) {
      const { optOuts, messenger, text, settle, model } = aTextChannel(20, ['en', 'es']);
      await text(keyword);
      await settle();
      expect(await optOuts.isOptedOut(ALICE), keyword).to.equal(true);
      expect(messenger.sent.map((m) => m.body)).to.deep.equal([
        'Ya no recibirá mensajes de Test Clinic. Responda INICIAR para volver a recibirlos. Para anular una cita, responda INICIAR y luego "anular mi cita".',
      ]);
      await text('INICIAR');
      await settle();
      expect(await optOuts.isOptedOut(ALICE), keyword).to.equal(false);
      expect(messenger.sent.at(-1)?.body).to.match(/^Vuelve a recibir los mensajes de Test Clinic\./);
      expect(model.calls).to.equal(0);
    }
  });

  it('answers AYUDA in Spanish and STOP in English, whatever the patient wrote before', async () => {
    const { messenger, text, settle } = aTextChannel(20, ['en', 'es']);
    await text('AYUDA');
    await text('STOP');
    await settle();
    expect(messenger.sent.map((m) => m.body.split(' ').slice(0, 3).join(' '))).to.have.members([
      'Citas de Test',
      "You're unsubscribed from",
    ]);
  });

  it("opts out on PARAR at a clinic that offers English alone, confirming in the clinic's language", async () => {
    const { optOuts, messenger, text, settle } = aTextChannel(20);
    await text('PARAR');
    await settle();
    expect(await optOuts.isOptedOut(ALICE)).to.equal(true);
    expect(messenger.sent.map((m) => m.body)).to.have.length(1);
    expect(messenger.sent[0]!.body).to.match(/^You're unsubscribed from Test Clinic texts/);
  });

  it('tells a patient over the limit so in the language they write', async () => {
    const { messenger, text, settle } = aTextChannel(1, ['en', 'es']);
    await text('Hola, necesito una cita');
    await settle();
    await text('otra vez');
    await settle();
    expect(messenger.sent.map((m) => m.body)).to.include(
      'Test Clinic ha recibido muchos mensajes de este número en poco tiempo y los últimos no se leyeron. Espere un minuto y vuelva a escribir.',
    );
  });
});

describe("a patient's WhatsApp messages", () => {
  it("open WhatsApp's window at the instant each is taken in, a message past the limit too; an SMS does not", async () => {
    const { clock, profiles, text, settle } = aTextChannel(1);
    await text('hola', ALICE, 'whatsapp');
    await settle();
    expect((await profiles.profileOf(ALICE)).lastWhatsappMessageAt).to.equal(MONDAY_8AM);
    clock.advance(5_000);
    await text('¿sigue ahí?', ALICE, 'whatsapp');
    await settle();
    expect((await profiles.profileOf(ALICE)).lastWhatsappMessageAt).to.equal(MONDAY_8AM + 5_000);
    await text('hello', BOB);
    await settle();
    expect((await profiles.profileOf(BOB)).lastWhatsappMessageAt).to.equal(undefined);
  });
});
