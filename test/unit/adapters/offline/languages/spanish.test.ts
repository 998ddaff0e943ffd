import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { LANGUAGES_FOLDER } from '../../../../../config/languages.js';
import { OfflineLanguageModel } from '../../../../../src/adapters/offline/offline-language-model.js';
import { parseUtterance } from '../../../../../src/adapters/offline/reading/utterance-parser.js';
import { loadReceptionistLanguages } from '../../../../../src/adapters/offline/receptionist-languages.js';
import { BOOKING_TOOLS, TOOL_NAMES } from '../../../../../src/application/tool-catalog.js';
import { detectLanguage } from '../../../../../src/domain/language-detection.js';
import { aClinic } from '../../../../support/clinic-builder.js';
import { OfflineConversation } from '../../../../support/offline-conversation.js';
import { MONDAY_9AM } from '../../../../support/times.js';

const NY = 'America/New_York';
const PACKS = loadReceptionistLanguages();
/** In New York, en-US: Spanish days and times are written as US Spanish writes them. */
const CLINIC = aClinic();
const SPANISH = PACKS.find((pack) => pack.code === 'es')!.reading;
const read = (text: string) => parseUtterance(text, MONDAY_9AM, NY, SPANISH, 'en-US');

describe('the offline model reading Spanish, on Monday 2 March 2026 09:00 in New York', () => {
  for (const [text, moment] of [
    ['mañana a las 3', { date: '2026-03-03', time: '15:00' }],
    ['manana a las 3', { date: '2026-03-03', time: '15:00' }],
    ['el martes por la tarde', { date: '2026-03-03', partOfDay: 'afternoon' }],
    ['el 12 de marzo', { date: '2026-03-12' }],
    ['el miercoles a las cuatro y media', { date: '2026-03-04', time: '16:30' }],
    ['pasado mañana', { date: '2026-03-04' }],
    ['el lunes que viene', { date: '2026-03-09' }],
    // Weeks as the clinic's locale counts them: en-US weeks start on Sunday.
    ['la semana que viene', { dateRange: { from: '2026-03-08', to: '2026-03-14' } }],
    ['el viernes a las 10 de la mañana', { date: '2026-03-06', time: '10:00' }],
  ] as const) {
    it(`reads "${text}" as ${JSON.stringify(moment)}`, () => {
      expect(read(`quiero una cita ${text}`)).to.deep.equal({ intent: 'book', ...moment });
    });
  }

  it('tells booking, moving, cancelling, asking what is free and asking for a person apart', () => {
    expect(read('¿tienen algo libre el jueves?').intent).to.equal('availability');
    expect(read('necesito cambiar mi cita').intent).to.equal('reschedule');
    expect(read('quiero cancelar mi cita').intent).to.equal('cancel');
    expect(read('¿cuándo es mi cita?').intent).to.equal('my_appointments');
    expect(read('quiero hablar con una persona')).to.include({ intent: 'human' });
  });

  it('reads a move as where from and where to', () => {
    expect(read('cambiar mi cita del martes al viernes a las 11')).to.deep.include({
      intent: 'reschedule',
      from: { date: '2026-03-03' },
      date: '2026-03-06',
      time: '11:00',
    });
  });

  it('tells a Spanish message from an English one, and leaves one that tells nothing in the language remembered', () => {
    expect(detectLanguage('hola, quiero una cita mañana', PACKS)).to.equal('es');
    expect(detectLanguage('can I book tomorrow at 10?', PACKS)).to.equal('en');
    expect(detectLanguage('10:30', PACKS, 'es')).to.equal('es');
    expect(detectLanguage('ok', PACKS)).to.equal(undefined);
  });
});

const SPANISH_WORDS = /\b(el|la|su|cita|le|de|tengo|responda|qué|cuál)\b/;
const ENGLISH_WORDS = /\b(the|your|I|you|have|which|reply|appointment|Sorry)\b/;
const lee = (date: string, time: string, weekday: string) => ({
  slotId: `${date}T${time.replace(':', '')}-dr-lee`,
  date,
  weekday,
  time,
  provider: 'Dr. Amanda Lee',
});

const conversation = (model = new OfflineLanguageModel(), language?: string) =>
  new OfflineConversation({ model, clinic: CLINIC, ...(language ? { language } : {}) });

describe('a conversation in Spanish with the offline model', () => {
  it("says one o'clock with its article: a la 1, not a las 1", async () => {
    const talk = conversation();
    const tue1300 = lee('2026-03-03', '13:00', 'Tuesday');
    await talk.patient('¿qué tienen libre mañana por la tarde?');
    await talk.toolAnswers({ slots: [tue1300] });
    await talk.patient('la de la una');
    const { provider: _shown, ...held } = tue1300;
    const reply = (await talk.toolAnswers({ held: true, ...held, heldUntil: '09:10' })).text;
    expect(reply).to.equal(
      'Le guardo el martes, 3 de marzo a la 1:00 p.m. con Dr. Amanda Lee. Responda SÍ para confirmar.',
    );
  });

  it('asks what is free, books, moves and cancels, answering every time in Spanish', async () => {
    const talk = conversation();
    const tue1030 = lee('2026-03-03', '10:30', 'Tuesday');
    const fri1100 = lee('2026-03-06', '11:00', 'Friday');

    expect((await talk.patient('¿qué tienen libre mañana por la mañana?')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03', partOfDay: 'morning' } },
    ]);
    const offer = await talk.toolAnswers({ slots: [lee('2026-03-03', '10:00', 'Tuesday'), tue1030] });
    expect(offer.text).to.equal('Tengo 10:00 a.m. o 10:30 a.m. el martes, 3 de marzo. ¿Cuál le conviene?');

    expect((await talk.patient('la de las 10:30')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.holdSlot, args: { slotId: tue1030.slotId } },
    ]);
    const { provider: _shown, ...held } = tue1030;
    expect((await talk.toolAnswers({ held: true, ...held, heldUntil: '09:10' })).text).to.equal(
      'Le guardo el martes, 3 de marzo a las 10:30 a.m. con Dr. Amanda Lee. Responda SÍ para confirmar.',
    );
    expect((await talk.patient('sí')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.confirmAppointment, args: { slotId: tue1030.slotId } },
    ]);
    const booked = { appointmentId: 'apt_1', status: 'BOOKED', ...tue1030 };
    expect((await talk.toolAnswers({ appointment: booked })).text).to.match(/^Cita confirmada: el martes, 3 de marzo/);

    expect((await talk.patient('¿puedo cambiar mi cita al viernes a las 11?')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.listMyAppointments, args: {} },
    ]);
    expect((await talk.toolAnswers({ appointments: [booked] })).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-06', time: '11:00' } },
    ]);
    expect((await talk.toolAnswers({ slots: [fri1100] })).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.holdSlot, args: { slotId: fri1100.slotId } },
    ]);
    const { provider: _named, ...fridayHeld } = fri1100;
    expect((await talk.toolAnswers({ held: true, ...fridayHeld, heldUntil: '09:10' })).text).to.match(
      /^¿Cambio su cita del martes, 3 de marzo a las 10:30 a\.m\. al viernes, 6 de marzo a las 11:00 a\.m\./,
    );
    expect((await talk.patient('vale')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.rescheduleAppointment, args: { appointmentId: 'apt_1', newSlotId: fri1100.slotId } },
    ]);
    const moved = { ...booked, ...fri1100 };
    expect((await talk.toolAnswers({ appointment: moved })).text).to.match(
      /^Listo: su cita queda el viernes, 6 de marzo a las 11:00 a\.m\./,
    );

    expect((await talk.patient('quiero cancelar mi cita')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.listMyAppointments, args: {} },
    ]);
    expect((await talk.toolAnswers({ appointments: [moved] })).text).to.match(
      /^¿Cancelo su cita para el viernes, 6 de marzo/,
    );
    expect((await talk.patient('sí, cancélela')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.cancelAppointment, args: { appointmentId: 'apt_1' } },
    ]);
    await talk.toolAnswers({ appointment: { ...moved, status: 'CANCELLED' } });

    expect(talk.replies).to.have.length(7);
    for (const text of talk.replies) {
      expect(text, text).to.match(SPANISH_WORDS);
      expect(text, text).not.to.match(ENGLISH_WORDS);
    }
  });

  it('answers in the language the request names, whatever the message is written in', async () => {
    const talk = conversation(new OfflineLanguageModel(), 'es');
    const reply = await talk.patient('hello');
    expect(reply.text).to.match(/^¡Hola! Puedo reservar/);
  });

  it('answers in English when the request names a language it has no pack for', async () => {
    const talk = conversation(new OfflineLanguageModel(), 'xx');
    expect((await talk.patient('hello')).text).to.match(/^Hi! I can book/);
  });
});

describe('a language added as a folder', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'languages-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  /** Portuguese made from the Spanish pack with a handful of its own words: a folder, no code. */
  function writePortuguese() {
    const spanish = (file: string) => JSON.parse(readFileSync(join(LANGUAGES_FOLDER, 'es', file), 'utf8'));
    const reading = spanish('reading.json');
    reading.phrases = [
      [String.raw`\bsexta-feira\b`, 'friday'],
      [String.raw`\bas (\d{1,2})\b`, 'at $1'],
    ];
    reading.words = { amanha: 'tomorrow', sim: 'si' };
    reading.intents.bookVerb = String.raw`\b(marcar|agendar)\b`;
    reading.intents.visit = String.raw`\b(consulta)\b`;
    reading.intents.wish = String.raw`\b(quero|queria|preciso)\b`;
    const replies = spanish('replies.json');
    replies.templates.offer = 'Tenho {slots}. Qual prefere?';
    replies.templates.timesOnDay = '{times} na {day}';
    mkdirSync(join(directory, 'pt'));
    writeFileSync(join(directory, 'pt', 'reading.json'), JSON.stringify(reading));
    writeFileSync(join(directory, 'pt', 'replies.json'), JSON.stringify(replies));
    const markers = { about: 'Portuguese', markers: ['quero', 'marcar', 'amanha', 'sim', 'obrigado', 'voce', 'uma'] };
    writeFileSync(join(directory, 'pt', 'markers.json'), JSON.stringify(markers));
    // A folder holding only another part of the product's texts is not a language of the receptionist.
    mkdirSync(join(directory, 'fr'));
    writeFileSync(join(directory, 'fr', 'messages.json'), '{}');
  }

  it('is loaded, detected and spoken: a Portuguese patient is offered times in Portuguese', async () => {
    writePortuguese();
    const packs = loadReceptionistLanguages(directory);
    expect(packs.map((pack) => pack.code)).to.deep.equal(['pt']);

    const talk = conversation(new OfflineLanguageModel(packs));
    expect((await talk.patient('quero marcar uma consulta amanhã')).toolCalls).to.deep.equal([
      { name: TOOL_NAMES.listAvailableSlots, args: { date: '2026-03-03' } },
    ]);
    const offer = await talk.toolAnswers({
      slots: [lee('2026-03-03', '10:30', 'Tuesday'), lee('2026-03-03', '11:00', 'Tuesday')],
    });
    expect(offer.text).to.equal('Tenho 10:30 o 11:00 na terça-feira, 3 de março. Qual prefere?');
  });

  it('fails at loading, naming the file and the field, when a reading rule is missing', () => {
    writePortuguese();
    const path = join(directory, 'pt', 'reading.json');
    const reading = JSON.parse(readFileSync(path, 'utf8'));
    delete reading.intents.cancel;
    writeFileSync(path, JSON.stringify(reading));
    expect(() => loadReceptionistLanguages(directory)).to.throw('pt/reading.json: intents.cancel must be a string');
  });
});

describe('the offline model asking which date in Spanish', () => {
  it('asks which Tuesday "el próximo martes" said on a Sunday means', async () => {
    const model = new OfflineLanguageModel(PACKS);
    const reply = await model.generate({
      systemInstruction: '',
      turns: [{ role: 'patient', text: 'quiero una cita el próximo martes' }],
      tools: BOOKING_TOOLS,
      now: Date.parse('2026-03-01T09:00:00-05:00'),
      timeZone: NY,
      clinic: CLINIC,
      medium: 'text',
    });
    expect(reply.toolCalls).to.deep.equal([]);
    expect(reply.text).to.equal('¿Se refiere al martes, 3 de marzo o al martes, 10 de marzo?');
  });
});
