import { expect } from 'chai';
import type { Reading } from '../../../../../src/adapters/offline/reading/reading.js';
import { parseUtterance } from '../../../../../src/adapters/offline/reading/utterance-parser.js';
import { loadReceptionistLanguages } from '../../../../../src/adapters/offline/receptionist-languages.js';
import { MONDAY_8AM, MONDAY_9AM, MONDAY_LATE_EVENING } from '../../../../support/times.js';

const NY = 'America/New_York';
const ENGLISH = loadReceptionistLanguages().find((pack) => pack.code === 'en')!.reading;

const read = (text: string, now = MONDAY_9AM): Reading => parseUtterance(text, now, NY, ENGLISH, 'en-GB');

describe('the offline utterance parser', () => {
  describe('reads what the patient wants', () => {
    const intents: Array<[string, Reading['intent']]> = [
      ['can I book an appointment for Friday?', 'book'],
      ['do you have anything tomorrow afternoon', 'availability'],
      ['can I move my 10am to Friday instead?', 'reschedule'],
      ["I can't make it tuesday, can we do friday instead", 'reschedule'],
      ['please cancel my appointment', 'cancel'],
      ["I won't be able to make it tomorrow", 'cancel'],
      ['when is my appointment?', 'my_appointments'],
      ['yes please', 'yes'],
      ['nope', 'no'],
      ['what can you do?', 'help'],
      ['can I speak to a real person', 'human'],
      ['is it normal to have a fever after a flu shot', 'human'],
      ['Hello!', 'greeting'],
      ['thanks so much', 'thanks'],
      ['purple monkey', 'unknown'],
    ];
    for (const [text, intent] of intents) {
      it(`"${text}" is ${intent}`, () => expect(read(text).intent).to.equal(intent));
    }

    it('takes a symptom with a request for a visit as a booking, and a symptom alone as a medical question', () => {
      expect(read('I have a bad cough, can I see someone tomorrow?').intent).to.equal('book');
      expect(read('should I take ibuprofen for the swelling').handOffReason).to.equal('medical question');
      expect(read('I have chest pains').handOffReason).to.equal('urgent medical concern');
    });

    it('reads texting shorthand, typos and emojis', () => {
      expect(read('cancle my appt pls').intent).to.equal('cancel');
      expect(read('cn i reschedual').intent).to.equal('reschedule');
      expect(read('👍').intent).to.equal('yes');
      expect(read('can i book 2morrow at 10 👍')).to.deep.include({
        intent: 'book',
        date: '2026-03-03',
        time: '10:00',
      });
      expect(read('tomorow')).to.deep.include({ date: '2026-03-03' });
      expect(read('tmrw arvo')).to.deep.include({ date: '2026-03-03', partOfDay: 'afternoon' });
      expect(read('thurs at 4')).to.deep.include({ date: '2026-03-05', time: '16:00' });
      expect(read('wed morning')).to.deep.include({ date: '2026-03-04', partOfDay: 'morning' });
    });

    it('takes "the second one" and "Dr Patel" as a choice among what was offered', () => {
      expect(read('the second one')).to.deep.include({ ordinal: 2 });
      expect(read('the last one')).to.deep.include({ ordinal: -1 });
      expect(read('Dr Patel please')).to.deep.include({ provider: 'patel' });
      expect(read('the 2nd')).to.not.have.property('ordinal');
    });
  });

  describe('reads days in the clinic zone', () => {
    const days: Array<[string, Partial<Reading>]> = [
      ['tomorrow', { date: '2026-03-03' }],
      ['next Monday', { date: '2026-03-09' }],
      ['Friday instead', { date: '2026-03-06' }],
      ['monday', { date: '2026-03-09' }],
      ['in 3 days', { date: '2026-03-05' }],
      ['the day after tomorrow', { date: '2026-03-04' }],
      ['March 5th', { date: '2026-03-05' }],
      ['5/3', { date: '2026-05-03' }],
      ['the 12th', { date: '2026-03-12' }],
      ['the 1st', { date: '2026-04-01' }],
      ['Friday the 13th', { date: '2026-03-13' }],
      ['Thursday 12 March', { date: '2026-03-12' }],
      ['next week', { dateRange: { from: '2026-03-09', to: '2026-03-15' } }],
      ['this weekend', { dateRange: { from: '2026-03-07', to: '2026-03-08' } }],
      ['this afternoon', { date: '2026-03-02', partOfDay: 'afternoon' }],
      ['tonight', { date: '2026-03-02', partOfDay: 'evening' }],
    ];
    for (const [text, expected] of days) {
      it(`reads "${text}" on Monday 2 March as ${JSON.stringify(expected)}`, () =>
        expect(read(text)).to.deep.include(expected));
    }

    it("reads 'tomorrow' as the clinic's tomorrow when UTC has already turned the day", () => {
      expect(read('anything tomorrow?', MONDAY_LATE_EVENING)).to.deep.include({ date: '2026-03-03' });
      expect(read('anything today?', MONDAY_LATE_EVENING)).to.deep.include({ date: '2026-03-02' });
    });

    it('counts days across the spring-forward and fall-back nights', () => {
      const saturdayBeforeSpringForward = Date.parse('2026-03-07T10:00:00-05:00');
      expect(read('in 2 days at 10', saturdayBeforeSpringForward)).to.deep.include({
        date: '2026-03-09',
        time: '10:00',
      });
      expect(read('next week', saturdayBeforeSpringForward)).to.deep.include({
        dateRange: { from: '2026-03-09', to: '2026-03-15' },
      });
      const saturdayNightBeforeFallBack = Date.parse('2026-10-31T23:30:00-04:00');
      expect(read('tomorrow', saturdayNightBeforeFallBack)).to.deep.include({ date: '2026-11-01' });
      expect(read('monday at 9', saturdayNightBeforeFallBack)).to.deep.include({ date: '2026-11-02', time: '09:00' });
    });

    it('turns the year', () => {
      const newYearsEve = Date.parse('2026-12-31T20:00:00-05:00');
      expect(read('tmrw', newYearsEve)).to.deep.include({ date: '2027-01-01' });
      expect(read('jan 5th', newYearsEve)).to.deep.include({ date: '2027-01-05' });
    });

    describe('whatever zone the machine runs in', () => {
      const machineZone = process.env.TZ;
      afterEach(() => {
        if (machineZone === undefined) delete process.env.TZ;
        else process.env.TZ = machineZone;
      });

      for (const zone of ['Pacific/Kiritimati', 'Pacific/Honolulu', 'Asia/Kolkata']) {
        it(`reads the same days and times on a machine set to ${zone}`, () => {
          process.env.TZ = zone;
          expect(read('anything tomorrow at 2?', MONDAY_LATE_EVENING)).to.deep.include({
            date: '2026-03-03',
            time: '14:00',
          });
          expect(read('friday morning', MONDAY_LATE_EVENING)).to.deep.include({
            date: '2026-03-06',
            partOfDay: 'morning',
          });
          expect(read('in 7 days', Date.parse('2026-03-05T22:00:00-05:00'))).to.deep.include({ date: '2026-03-12' });
        });
      }
    });
  });

  describe('reads times as clinic hours', () => {
    const times: Array<[string, string]> = [
      ['at 10', '10:00'],
      ['at 3', '15:00'],
      ['10:30', '10:30'],
      ['noon', '12:00'],
      ['2pm', '14:00'],
      ['2p', '14:00'],
      ['half past 10', '10:30'],
      ['quarter to 3', '14:45'],
      ['10ish', '10:00'],
      ['around 2', '14:00'],
      ['11 please', '11:00'],
      ['at 8 in the evening', '20:00'],
      ['monday 9', '09:00'],
    ];
    for (const [text, time] of times) {
      it(`reads "${text}" as ${time}`, () => expect(read(text).time).to.equal(time));
    }

    it('does not take a number of days, a date or a phone number for a time', () => {
      expect(read('in 3 days')).to.not.have.property('time');
      expect(read('on 5/3')).to.not.have.property('time');
      const withNumber = read('This is +1 (555) 010-4477. Any free slots on 2026-03-03?');
      expect(withNumber).to.deep.equal({ intent: 'availability', date: '2026-03-03' });
    });
  });

  describe('tells the appointment to move from where to move it', () => {
    it('"can I move my 10am to Friday instead?" moves the 10:00 to Friday', () => {
      expect(read('can I move my 10am to Friday instead?')).to.deep.include({
        intent: 'reschedule',
        from: { time: '10:00' },
        date: '2026-03-06',
      });
    });

    it('"move tuesday\'s appointment to thursday at 3" names both days', () => {
      expect(read("move tuesday's appointment to thursday at 3")).to.deep.include({
        from: { date: '2026-03-03' },
        date: '2026-03-05',
        time: '15:00',
      });
    });

    it('"I can\'t make it tuesday, can we do friday instead" moves away from Tuesday', () => {
      expect(read("I can't make it tuesday, can we do friday instead")).to.deep.include({
        from: { date: '2026-03-03' },
        date: '2026-03-06',
      });
    });

    it('"could I come thursday instead of tuesday" puts the source after "instead of"', () => {
      expect(read('could I come thursday instead of tuesday')).to.deep.include({
        from: { date: '2026-03-03' },
        date: '2026-03-05',
      });
    });

    it('"resched my appt tmrw to 4" keeps the day and changes the time', () => {
      const reading = read('resched my appt tmrw to 4');
      expect(reading).to.deep.include({ from: { date: '2026-03-03' }, time: '16:00' });
      expect(reading).to.not.have.property('date');
    });

    it('"push it back an hour" is a move by 60 minutes', () => {
      expect(read('can we push it back an hour?')).to.deep.include({ intent: 'reschedule', shiftMinutes: 60 });
      expect(read('move my appointment 30 minutes earlier')).to.deep.include({
        intent: 'reschedule',
        shiftMinutes: -30,
      });
    });
  });
});

describe('times spoken as words, as speech recognisers write them', () => {
  for (const [text, time] of [
    ['can I come tomorrow at ten?', '10:00'],
    ['ten thirty am please', '10:30'],
    ['around two fifteen', '14:15'],
    ["at eleven o'clock", '11:00'],
  ] as const) {
    it(`reads "${text}" as ${time}`, () => {
      expect(parseUtterance(text, MONDAY_8AM, NY, ENGLISH, 'en-US').time).to.equal(time);
    });
  }

  it('leaves a number word that is not a time alone', () => {
    expect(parseUtterance('I need one appointment', MONDAY_8AM, NY, ENGLISH, 'en-US').time).to.equal(undefined);
  });
});
