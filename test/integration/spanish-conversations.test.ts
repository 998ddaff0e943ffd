import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { LANGUAGES_FOLDER } from '../../config/languages.js';
import type { WeeklyHours } from '../../src/domain/clinic.js';
import type { PhoneNumber } from '../../src/domain/phone-number.js';
import { aClinic, CLINIC_NUMBER } from '../support/clinic-builder.js';
import { eventually } from '../support/eventually.js';
import { ALICE, CALLER } from '../support/patients.js';
import { RecordingMessenger } from '../support/recording-messenger.js';
import { startTestServer, type TestServer, UNSIGNED_LOCAL_WEBHOOKS } from '../support/test-server.js';

const DAY: WeeklyHours[keyof WeeklyHours] = [
  { open: '09:00', close: '12:00' },
  { open: '14:00', close: '17:00' },
];
/** Open weekday mornings and afternoons, in English and Spanish, and named in neither. */
const CLINIC = aClinic({
  name: 'Sol Clinic',
  languages: ['en', 'es'],
  weeklyHours: { monday: DAY, tuesday: DAY, wednesday: DAY, thursday: DAY, friday: DAY },
});

/**
 * Words of the English packs (the receptionist's replies, the texts about bookings) that the Spanish
 * ones never use: any of them in what a Spanish-speaking patient is told is English leaking through.
 */
function englishOnlyWords(): Set<string> {
  const wordsOf = (code: string) =>
    new Set(
      ['replies.json', 'messages.json'].flatMap(
        (file) =>
          readFileSync(join(LANGUAGES_FOLDER, code, file), 'utf8')
            .replace(/\{[a-zA-Z]+\}/g, ' ')
            .toLowerCase()
            .match(/\p{L}{3,}/gu) ?? [],
      ),
    );
  const spanish = wordsOf('es');
  return new Set([...wordsOf('en')].filter((word) => !spanish.has(word)));
}
const ENGLISH_ONLY = englishOnlyWords();

/** The English words in what the patient was told, but for the clinic's name and the appointment's reference. */
const englishIn = (told: string) =>
  (
    told
      .replaceAll(CLINIC.name, ' ')
      .replace(/\bapt_\w+/g, ' ')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? []
  ).filter((word) => ENGLISH_ONLY.has(word));

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

interface Channel {
  name: string;
  patient: PhoneNumber;
  /** Starts a conversation on this channel: what the receptionist answers each thing said with. */
  open(server: TestServer): Promise<(text: string) => Promise<string>>;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

let messageSids = 0;
const CHANNELS: Channel[] = [
  {
    name: 'SMS (the Twilio webhook)',
    patient: ALICE,
    async open(server) {
      return async (text) => {
        const MessageSid = `SM${String(++messageSids).padStart(32, '0')}`;
        const response = await fetch(
          `${server.url}/api/v1/sms/webhook`,
          form({ MessageSid, From: ALICE, To: CLINIC_NUMBER, Body: text }),
        );
        const twiml = await response.text();
        expect(response.status, twiml).to.equal(200);
        return unescapeXml(/<Message>([\s\S]*)<\/Message>/.exec(twiml)?.[1] ?? '');
      };
    },
  },
  {
    name: 'the REST chat',
    patient: ALICE,
    async open(server) {
      return async (message) => {
        const { status, body } = await server.request('POST', '/api/v1/chat', { phoneNumber: ALICE, message });
        expect(status, JSON.stringify(body)).to.equal(200);
        return body.reply as string;
      };
    },
  },
  {
    // The call is answered in the clinic's first language, English; the caller simply speaks Spanish.
    name: 'the speech IVR (Twilio Gather)',
    patient: CALLER,
    async open(server) {
      const call = { CallSid: `CA${'e'.repeat(32)}`, From: CALLER, To: CLINIC_NUMBER };
      const post = async (path: string, fields: Record<string, string>) => {
        const response = await fetch(`${server.url}${path}`, form(fields));
        const twiml = await response.text();
        expect(response.status, twiml).to.equal(200);
        const gather = /<Gather [^>]*action="([^"]+)"[^>]*>([\s\S]*)<\/Gather>/.exec(twiml);
        expect(gather, twiml).to.not.equal(null);
        const said = [...gather![2]!.matchAll(/<Say [^>]*>([^<]*)<\/Say>/g)].map(([, text]) => unescapeXml(text!));
        return { action: unescapeXml(gather![1]!), said: said.join(' ') };
      };
      let { action } = await post('/api/v1/voice/webhook', call);
      return async (speech) => {
        const turn = await post(action, { ...call, SpeechResult: speech });
        action = turn.action;
        return turn.said;
      };
    },
  },
];

for (const channel of CHANNELS) {
  describe(`a Spanish-speaking patient on ${channel.name} (offline model, end to end)`, () => {
    let server: TestServer;
    let messenger: RecordingMessenger;
    let say: (text: string) => Promise<string>;
    /** Everything the patient was told, replies and texts, each checked for English once the test is done. */
    const told: string[] = [];

    beforeEach(async () => {
      messenger = new RecordingMessenger();
      server = await startTestServer({ clinic: CLINIC, twilio: UNSIGNED_LOCAL_WEBHOOKS, messenger, outboxPollMs: 20 });
      const open = await channel.open(server);
      say = async (text) => {
        const reply = await open(text);
        expect(reply, text).to.not.equal('');
        told.push(reply);
        return reply;
      };
      told.length = 0;
    });
    afterEach(() => server.close());

    /** Every reply and every text the patient had is in Spanish. */
    function allToldInSpanish() {
      expect(told).to.not.deep.equal([]);
      for (const text of [...told, ...messenger.sent.map((message) => message.body)])
        expect(englishIn(text), text).to.deep.equal([]);
    }

    async function appointments() {
      const phoneNumber = encodeURIComponent(channel.patient);
      const { body } = await server.request('GET', `/api/v1/appointments?phoneNumber=${phoneNumber}`);
      return (body.appointments as { slotId: string; status: string }[]).map((a) => [a.slotId, a.status]);
    }
    /** The text the outbox sent the patient that says `words`, once it has gone out. */
    async function texted(words: string) {
      await eventually(() => messenger.sent.some((message) => message.body.includes(words)), `a text saying ${words}`);
      const text = messenger.sent.find((message) => message.body.includes(words))!;
      expect(text).to.include({ to: channel.patient, channel: 'sms' });
      return text.body;
    }
    async function book() {
      expect(await say('quiero una cita el martes por la tarde'))
        .to.include('14:00, 14:30, 15:00 o 15:30 el martes 3 de marzo')
        .and.match(/¿Cuál le conviene\?$/);
      expect(await say('la primera')).to.equal(
        'Le guardo el martes 3 de marzo a las 14:00. Responda SÍ para confirmar.',
      );
      expect(await appointments()).to.deep.equal([]);
      expect(await say('sí')).to.match(/^Cita confirmada: el martes 3 de marzo a las 14:00\. Su referencia es apt_/);
      expect(await appointments()).to.deep.equal([['2026-03-03T1400', 'BOOKED']]);
    }

    it('books an afternoon, the first time offered, on a yes; is confirmed, then reminded, by text in Spanish', async () => {
      await book();
      expect(await texted('su cita está reservada')).to.match(
        /^Sol Clinic: su cita está reservada para el martes 3 de marzo a las 14:00\. Ref\. apt_\w+\. Responda/,
      );
      server.clock.set('2026-03-02T14:00:00-05:00');
      expect(await texted('Recordatorio')).to.equal(
        'Recordatorio de Sol Clinic: su cita es el martes 3 de marzo a las 14:00. Responda a este mensaje para cambiarla o anularla.',
      );
      allToldInSpanish();
    });

    it('moves the appointment to a morning asked for, then cancels it, each confirmed and texted in Spanish', async () => {
      await book();
      await texted('su cita está reservada');
      expect(await say('¿puedo cambiar mi cita al jueves por la mañana?')).to.include(
        '9:00, 9:30, 10:00 o 10:30 el jueves 5 de marzo',
      );
      expect(await say('la primera')).to.equal(
        '¿Cambio su cita del martes 3 de marzo a las 14:00 al jueves 5 de marzo a las 9:00? Responda SÍ para confirmar.',
      );
      expect(await say('sí')).to.equal('Listo: su cita queda el jueves 5 de marzo a las 9:00.');
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'BOOKED']]);
      expect(await texted('su cita ha cambiado')).to.match(
        /^Sol Clinic: su cita ha cambiado al jueves 5 de marzo a las 09:00\. Ref\. apt_\w+\.$/,
      );

      expect(await say('quiero cancelar mi cita')).to.match(/^¿Cancelo su cita para el jueves 5 de marzo a las 9:00\?/);
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'BOOKED']]);
      expect(await say('sí')).to.match(/^Cancelada: su cita para el jueves 5 de marzo a las 9:00\./);
      expect(await appointments()).to.deep.equal([['2026-03-05T0900', 'CANCELLED']]);
      expect(await texted('está anulada')).to.equal(
        'Sol Clinic: su cita del jueves 5 de marzo a las 09:00 está anulada.',
      );
      allToldInSpanish();
    });

    it('tells what is free tomorrow, booking nothing, then books the time named ("a las 10")', async () => {
      expect(await say('¿qué tienen libre mañana?'))
        .to.include('9:00, 9:30, 10:00 o 10:30 el martes 3 de marzo')
        .and.match(/¿Cuál le conviene\?$/);
      expect(await appointments()).to.deep.equal([]);
      expect(await say('a las 10')).to.equal('Le guardo el martes 3 de marzo a las 10:00. Responda SÍ para confirmar.');
      expect(await say('sí')).to.match(/^Cita confirmada: el martes 3 de marzo a las 10:00\./);
      expect(await appointments()).to.deep.equal([['2026-03-03T1000', 'BOOKED']]);
      allToldInSpanish();
    });
  });
}
