import { expect } from 'chai';
import { OfflineLanguageModel } from '../../../../../src/adapters/offline/offline-language-model.js';
import { BOOKING_TOOLS, TOOL_NAMES } from '../../../../../src/application/tool-catalog.js';
import type { ToolCall } from '../../../../../src/domain/conversation.js';
import type { PhoneNumber } from '../../../../../src/domain/phone-number.js';
import type { ClinicFacts } from '../../../../../src/ports/language-model.js';
import { aClinic } from '../../../../support/clinic-builder.js';
import { OfflineConversation } from '../../../../support/offline-conversation.js';
import { MONDAY_9AM } from '../../../../support/times.js';

const NY = 'America/New_York';
/** Most cases read their replies as en-GB writes them ("Tuesday 3 March at 14:00"), weeks from Monday. */
const A_CLINIC_WRITING_24_HOUR_TIMES = aClinic({ locale: 'en-GB' });
const LEE = 'Dr. Amanda Lee';
const PATEL = 'Dr. Ravi Patel';
const WEEKDAYS: Record<string, string> = {
  '2026-03-03': 'Tuesday',
  '2026-03-05': 'Thursday',
  '2026-03-06': 'Friday',
  '2026-03-08': 'Sunday',
  '2026-03-09': 'Monday',
  '2026-03-10': 'Tuesday',
};

const aSlot = (date: string, time: string, doctor: 'lee' | 'patel' = 'lee') => ({
  slotId: `${date}T${time.replace(':', '')}-dr-${doctor}`,
  date,
  weekday: WEEKDAYS[date]!,
  time,
  provider: doctor === 'lee' ? LEE : PATEL,
});
const anAppointment = (appointmentId: string, date: string, time: string) => ({
  appointmentId,
  status: 'BOOKED',
  ...aSlot(date, time),
});
const heldSlot = (date: string, time: string, doctor: 'lee' | 'patel' = 'lee') => {
  const { provider: _named, ...slot } = aSlot(date, time, doctor);
  return { held: true, ...slot, heldUntil: '09:10' };
};
const failure = (code: string) => ({ error: { code, message: `${code.toLowerCase()}` } });
const call = (name: string, args: Record<string, unknown> = {}): ToolCall => ({ name, args });

/**
 * A conversation with the offline model, the tool results typed in by hand: what the agent loop
 * would feed back from the booking tools.
 */
const conversation = (
  now = MONDAY_9AM,
  clinic: ClinicFacts = A_CLINIC_WRITING_24_HOUR_TIMES,
  medium: 'text' | 'speech' = 'text',
) => new OfflineConversation({ now, clinic, medium });

describe('the offline dialogue policy', () => {
  it('books a free time in three steps: looks it up, holds it, and confirms only on yes', async () => {
    const talk = conversation();
    expect((await talk.patient('can I book tomorrow at 10?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-03', time: '10:00' }),
    ]);
    const found = await talk.toolAnswers({
      slots: [aSlot('2026-03-03', '10:00'), aSlot('2026-03-03', '09:30')],
      requestedTimeFree: true,
    });
    expect(found.toolCalls).to.deep.equal([call(TOOL_NAMES.holdSlot, { slotId: '2026-03-03T1000-dr-lee' })]);
    const held = await talk.toolAnswers(heldSlot('2026-03-03', '10:00'));
    expect(held).to.deep.equal({
      text: `I'm holding Tuesday 3 March at 10:00 with ${LEE} for you. Reply YES to confirm.`,
      toolCalls: [],
    });

    expect((await talk.patient('yes')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.confirmAppointment, { slotId: '2026-03-03T1000-dr-lee' }),
    ]);
    const booked = await talk.toolAnswers({ appointment: anAppointment('apt_k7d2', '2026-03-03', '10:00') });
    expect(booked.text).to.equal(`Booked: Tuesday 3 March at 10:00 with ${LEE}. Your reference is apt_k7d2.`);
  });

  it('offers the two nearest times when the time asked for is taken, and holds the one picked', async () => {
    const talk = conversation();
    await talk.patient('book me in next monday at 10');
    const taken = await talk.toolAnswers({
      slots: [
        aSlot('2026-03-09', '09:30'),
        aSlot('2026-03-09', '09:30', 'patel'),
        aSlot('2026-03-09', '10:30'),
        aSlot('2026-03-09', '11:00'),
      ],
      requestedTimeFree: false,
    });
    expect(taken.text).to.equal('10:00 is taken on Monday 9 March. I have 9:30 or 10:30; which suits you?');
    expect((await talk.patient('the 10:30')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.holdSlot, { slotId: '2026-03-09T1030-dr-lee' }),
    ]);
  });

  it('picks the slot of the provider or the place in the list the patient names', async () => {
    const offered = {
      slots: [aSlot('2026-03-09', '09:30'), aSlot('2026-03-09', '09:30', 'patel'), aSlot('2026-03-09', '10:30')],
      requestedTimeFree: false,
    };
    const byName = conversation();
    await byName.patient('book me in next monday at 10');
    await byName.toolAnswers(offered);
    expect((await byName.patient('Dr Patel')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.holdSlot, { slotId: '2026-03-09T0930-dr-patel' }),
    ]);

    const byPlace = conversation();
    await byPlace.patient('book me in next monday at 10');
    await byPlace.toolAnswers(offered);
    expect((await byPlace.patient('the second one')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.holdSlot, { slotId: '2026-03-09T1030-dr-lee' }),
    ]);
  });

  it('asks which day when none is named, then looks at the day given at the time asked first', async () => {
    const talk = conversation();
    expect(await talk.patient('can I get a 2pm appointment?')).to.deep.equal({
      text: 'Sure. Which day would you like, around 14:00?',
      toolCalls: [],
    });
    expect((await talk.patient('thursday')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-05', time: '14:00' }),
    ]);
  });

  it('keeps the time asked for when the patient tries another day', async () => {
    const talk = conversation();
    await talk.patient('book me in next monday at 10');
    await talk.toolAnswers({ slots: [aSlot('2026-03-09', '09:30')], requestedTimeFree: false });
    expect((await talk.patient('what about Tuesday 10 March?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-10', time: '10:00' }),
    ]);
  });

  it('looks at the week after a day with nothing free, and offers what it finds there', async () => {
    const talk = conversation();
    await talk.patient('book sunday at 10');
    const closed = await talk.toolAnswers({ slots: [], requestedTimeFree: false });
    expect(closed.toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-09', endDate: '2026-03-15', time: '10:00' }),
    ]);
    const nearby = await talk.toolAnswers({
      slots: [aSlot('2026-03-09', '10:00'), aSlot('2026-03-10', '10:00')],
      requestedTimeFree: true,
    });
    expect(nearby.text).to.equal(
      'Nothing is free on Sunday 8 March. The nearest I have: Monday 9 March at 10:00 or Tuesday 10 March at 10:00. Which suits you?',
    );
  });

  it('moves an appointment: finds it, looks at the new day at its old time, holds, asks, and moves on yes', async () => {
    const talk = conversation();
    expect((await talk.patient('can I move my 10am to Friday instead?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listMyAppointments),
    ]);
    const mine = await talk.toolAnswers({
      appointments: [anAppointment('apt_m1', '2026-03-03', '10:00'), anAppointment('apt_m2', '2026-03-05', '15:30')],
    });
    expect(mine.toolCalls).to.deep.equal([call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-06', time: '10:00' })]);
    const free = await talk.toolAnswers({
      slots: [aSlot('2026-03-06', '10:00'), aSlot('2026-03-06', '09:30')],
      requestedTimeFree: true,
    });
    expect(free.toolCalls).to.deep.equal([call(TOOL_NAMES.holdSlot, { slotId: '2026-03-06T1000-dr-lee' })]);
    const asked = await talk.toolAnswers(heldSlot('2026-03-06', '10:00'));
    expect(asked.text).to.equal(
      `Shall I move your appointment on Tuesday 3 March at 10:00 to Friday 6 March at 10:00 with ${LEE}? Reply YES to confirm.`,
    );

    expect((await talk.patient('yes')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.rescheduleAppointment, { appointmentId: 'apt_m1', newSlotId: '2026-03-06T1000-dr-lee' }),
    ]);
    const moved = await talk.toolAnswers({ appointment: anAppointment('apt_m1', '2026-03-06', '10:00') });
    expect(moved.text).to.equal(`Done: your appointment is now Friday 6 March at 10:00 with ${LEE}.`);
  });

  it('asks which appointment to cancel when there are two, and cancels only after a yes', async () => {
    const talk = conversation();
    await talk.patient('cancel my appt');
    const which = await talk.toolAnswers({
      appointments: [anAppointment('apt_a', '2026-03-03', '10:00'), anAppointment('apt_b', '2026-03-05', '15:30')],
    });
    expect(which.text).to.equal(
      'Which appointment would you like to cancel: Tuesday 3 March at 10:00 or Thursday 5 March at 15:30?',
    );
    const sure = await talk.patient('the thursday one');
    expect(sure).to.deep.equal({
      text: `Cancel your appointment on Thursday 5 March at 15:30 with ${LEE}? Reply YES to cancel, or tell me another day to move it to.`,
      toolCalls: [],
    });
    expect((await talk.patient('yes')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.cancelAppointment, { appointmentId: 'apt_b' }),
    ]);
    expect(
      (
        await talk.toolAnswers({
          appointment: { ...anAppointment('apt_b', '2026-03-05', '15:30'), status: 'CANCELLED' },
        })
      ).text,
    ).to.match(/^Cancelled: /);
  });

  it('keeps the appointment when the patient says no to cancelling it', async () => {
    const talk = conversation();
    await talk.patient('cancel my appointment');
    await talk.toolAnswers({ appointments: [anAppointment('apt_a', '2026-03-03', '10:00')] });
    expect(await talk.patient('no')).to.deep.equal({
      text: "OK, I've kept your appointment on Tuesday 3 March at 10:00.",
      toolCalls: [],
    });
  });

  it('holds again a hold that expired before the yes, and asks again rather than booking unasked', async () => {
    const talk = conversation();
    await talk.patient('can I book tomorrow at 10?');
    await talk.toolAnswers({ slots: [aSlot('2026-03-03', '10:00')], requestedTimeFree: true });
    await talk.toolAnswers(heldSlot('2026-03-03', '10:00'));
    await talk.patient('yes');
    const expired = await talk.toolAnswers(failure('HOLD_EXPIRED'));
    expect(expired.toolCalls).to.deep.equal([call(TOOL_NAMES.holdSlot, { slotId: '2026-03-03T1000-dr-lee' })]);
    const heldAgain = await talk.toolAnswers(heldSlot('2026-03-03', '10:00'));
    expect(heldAgain.text).to.equal(
      `Your hold had expired, so I've held Tuesday 3 March at 10:00 with ${LEE} again. Reply YES to confirm.`,
    );
    expect((await talk.patient('YES')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.confirmAppointment, { slotId: '2026-03-03T1000-dr-lee' }),
    ]);
  });

  it('never says booked when the slot was lost: it looks for the nearest free times instead', async () => {
    const talk = conversation();
    await talk.patient('can I book tomorrow at 10?');
    await talk.toolAnswers({ slots: [aSlot('2026-03-03', '10:00')], requestedTimeFree: true });
    await talk.toolAnswers(heldSlot('2026-03-03', '10:00'));
    await talk.patient('yes');
    await talk.toolAnswers(failure('HOLD_EXPIRED'));
    const lost = await talk.toolAnswers(failure('SLOT_UNAVAILABLE'));
    expect(lost.toolCalls).to.deep.equal([call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-03', time: '10:00' })]);
    const offered = await talk.toolAnswers({
      slots: [aSlot('2026-03-03', '10:30'), aSlot('2026-03-03', '09:30')],
      requestedTimeFree: false,
    });
    expect(offered.text).to.equal('10:00 is taken on Tuesday 3 March. I have 9:30 or 10:30; which suits you?');
  });

  it('lets a held slot go on a no, and offers to look again', async () => {
    const talk = conversation();
    await talk.patient('can I book tomorrow at 10?');
    await talk.toolAnswers({ slots: [aSlot('2026-03-03', '10:00')], requestedTimeFree: true });
    await talk.toolAnswers(heldSlot('2026-03-03', '10:00'));
    expect(await talk.patient('no')).to.deep.equal({
      text: "No problem, I won't book it. Would another day or time suit you?",
      toolCalls: [],
    });
    expect((await talk.patient('friday then')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-06', time: '10:00' }),
    ]);
  });

  it('does not take "ok thanks" to a held slot for a yes', async () => {
    const talk = conversation();
    await talk.patient('can I book tomorrow at 10?');
    await talk.toolAnswers({ slots: [aSlot('2026-03-03', '10:00')], requestedTimeFree: true });
    await talk.toolAnswers(heldSlot('2026-03-03', '10:00'));
    const thanks = await talk.patient('ok thanks');
    expect(thanks.toolCalls).to.deep.equal([]);
    expect(thanks.text).to.include('reply YES to confirm');
  });

  it('hands a medical question to staff, passing no phone number on', async () => {
    const talk = conversation();
    const handOff = await talk.patient('This is +1 555 010 4477, is it normal to have a fever after a flu shot?');
    expect(handOff.toolCalls).to.deep.equal([call(TOOL_NAMES.handOffToStaff, { reason: 'medical question' })]);
    expect((await talk.toolAnswers({ handedOff: true })).text).to.include('passed your message to our staff');
  });

  it('gives the same reply to the same turns, every time', async () => {
    const talk = conversation();
    await talk.patient('any openings next week?');
    const first = await talk.toolAnswers({ slots: [aSlot('2026-03-09', '09:00'), aSlot('2026-03-10', '10:00')] });
    const again = await new OfflineLanguageModel().generate({
      systemInstruction: '',
      turns: talk.turns.slice(0, -1),
      tools: BOOKING_TOOLS,
      now: MONDAY_9AM,
      timeZone: NY,
      clinic: A_CLINIC_WRITING_24_HOUR_TIMES,
      medium: 'text',
    });
    expect(again).to.deep.equal(first);
  });
});

describe('the offline dialogue policy in the clinic locale and on the phone', () => {
  const SUNDAY_10AM = Date.parse('2026-03-08T10:00:00-04:00');

  it('writes days and times as an en-US clinic does: "Friday, March 6 at 1:00 PM"', async () => {
    const talk = conversation(MONDAY_9AM, aClinic({ locale: 'en-US' }));
    await talk.patient('can I come friday at 1pm?');
    await talk.toolAnswers({ slots: [aSlot('2026-03-06', '13:00')], requestedTimeFree: true });
    expect((await talk.toolAnswers(heldSlot('2026-03-06', '13:00'))).text).to.equal(
      `I'm holding Friday, March 6 at 1:00 PM with ${LEE} for you. Reply YES to confirm.`,
    );
  });

  it('says times aloud on a call ("one o\'clock"), asks rather than "reply YES", and reads out no reference', async () => {
    const talk = conversation(MONDAY_9AM, aClinic({ locale: 'en-US' }), 'speech');
    await talk.patient('can I come friday at 1pm?');
    await talk.toolAnswers({ slots: [aSlot('2026-03-06', '13:00')], requestedTimeFree: true });
    expect((await talk.toolAnswers(heldSlot('2026-03-06', '13:00'))).text).to.equal(
      `I'm holding Friday, March 6 at one o'clock with ${LEE} for you. Shall I book it?`,
    );
    await talk.patient('yes');
    const booked = await talk.toolAnswers({ appointment: anAppointment('apt_k7d2', '2026-03-06', '13:00') });
    expect(booked.text).to.equal(`Booked: Friday, March 6 at one o'clock with ${LEE}. We'll text you the details.`);
  });

  it('reads "this week" said on a Sunday as the week it starts in en-US, Sunday to Saturday', async () => {
    expect(WEEKDAYS['2026-03-08']).to.equal('Sunday');
    const talk = conversation(SUNDAY_10AM, aClinic({ locale: 'en-US' }));
    expect((await talk.patient('Do you have anything this week?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-08', endDate: '2026-03-14' }),
    ]);
  });

  it('reads "this week" said on a Sunday in en-GB, whose weeks end on Sunday, as the days to come', async () => {
    const talk = conversation(SUNDAY_10AM, aClinic({ locale: 'en-GB' }));
    expect((await talk.patient('Do you have anything this week?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-08', endDate: '2026-03-15' }),
    ]);
  });

  it('reads "next week" as the locale counts weeks: Sunday 8 to Saturday 14 March in en-US, Monday 9 to Sunday 15 in en-GB', async () => {
    expect(
      (await conversation(MONDAY_9AM, aClinic({ locale: 'en-US' })).patient('next week?')).toolCalls,
    ).to.deep.equal([call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-08', endDate: '2026-03-14' })]);
    expect(
      (await conversation(MONDAY_9AM, aClinic({ locale: 'en-GB' })).patient('next week?')).toolCalls,
    ).to.deep.equal([call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-09', endDate: '2026-03-15' })]);
  });
});

describe('the offline dialogue policy reading slips and choices', () => {
  it('reads "cn u moev it to wensday mornin" as a move to Wednesday morning', async () => {
    const talk = conversation();
    expect((await talk.patient('cn u moev it to wensday mornin')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listMyAppointments),
    ]);
    const mine = await talk.toolAnswers({ appointments: [anAppointment('apt_m1', '2026-03-03', '10:00')] });
    expect(mine.toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-04', partOfDay: 'morning' }),
    ]);
  });

  for (const [choice, slotId] of [
    ['ok the 2nd one', '2026-03-03T0930-dr-lee'],
    ['book the 2nd one', '2026-03-03T0930-dr-lee'],
    ['second', '2026-03-03T0930-dr-lee'],
    ['the second one please', '2026-03-03T0930-dr-lee'],
    ['number 2', '2026-03-03T0930-dr-lee'],
    ['#2', '2026-03-03T0930-dr-lee'],
    ['option 3', '2026-03-03T1000-dr-lee'],
    ['the last one', '2026-03-03T1030-dr-lee'],
    ['the 1st option', '2026-03-03T0900-dr-lee'],
  ]) {
    it(`takes "${choice}" as a choice among the times just offered`, async () => {
      const talk = conversation();
      await talk.patient('anything tomorrow?');
      await talk.toolAnswers({
        slots: [
          aSlot('2026-03-03', '09:00'),
          aSlot('2026-03-03', '09:30'),
          aSlot('2026-03-03', '10:00'),
          aSlot('2026-03-03', '10:30'),
        ],
      });
      expect((await talk.patient(choice!)).toolCalls).to.deep.equal([call(TOOL_NAMES.holdSlot, { slotId })]);
    });
  }
});

describe('the offline dialogue policy telling the clinic facts', () => {
  const clinic = aClinic({
    locale: 'en-US',
    address: '12 Main Street, Springfield',
    frontDeskNumber: '+15550100200' as PhoneNumber,
    weeklyHours: {
      monday: [{ open: '09:00', close: '12:00' }],
      tuesday: [{ open: '09:00', close: '12:00' }],
      wednesday: [{ open: '09:00', close: '12:00' }],
      thursday: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '19:00' },
      ],
      friday: [{ open: '09:00', close: '12:00' }],
      saturday: [{ open: '09:00', close: '12:00' }],
    },
  });

  it('answers "what are your opening hours?" with the weekly hours, in words, and looks up no slots', async () => {
    expect(await conversation(MONDAY_9AM, clinic).patient('What are your opening hours?')).to.deep.equal({
      text: "We're open Monday to Wednesday 9:00 AM to 12:00 PM, Thursday 9:00 AM to 12:00 PM and 1:00 PM to 7:00 PM, Friday and Saturday 9:00 AM to 12:00 PM, and closed on Sunday.",
      toolCalls: [],
    });
  });

  it('says the hours aloud on a call', async () => {
    const reply = await conversation(MONDAY_9AM, clinic, 'speech').patient('when do you open?');
    expect(reply.text).to.match(
      /^We're open Monday to Wednesday nine o'clock to noon, Thursday nine o'clock to noon and one o'clock to seven o'clock,/,
    );
  });

  it('answers "where are you located?" with the address and the front desk number rather than handing it to staff', async () => {
    expect(await conversation(MONDAY_9AM, clinic).patient('where are you located?')).to.deep.equal({
      text: "We're at 12 Main Street, Springfield. You can call the front desk on +15550100200.",
      toolCalls: [],
    });
  });

  it('hands the question to staff when the clinic has no address to tell', async () => {
    expect((await conversation(MONDAY_9AM, aClinic()).patient('what is your address?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.handOffToStaff, { reason: 'question about the clinic' }),
    ]);
  });
});

describe('the offline dialogue policy carrying a preference over', () => {
  it('keeps the day and the doctor asked about when the patient then gives only a time', async () => {
    const talk = conversation();
    await talk.patient('anything with Dr Patel thursday evening?');
    await talk.toolAnswers({ slots: [] });
    const none = await talk.toolAnswers({ slots: [] });
    expect(none.text).to.match(/^Sorry, nothing is free on Thursday 5 March in the evening with Dr Patel\./);
    expect((await talk.patient('6:30?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-05', time: '18:30' }),
    ]);
    const near = await talk.toolAnswers({
      slots: [aSlot('2026-03-05', '18:00', 'lee'), aSlot('2026-03-05', '18:00', 'patel')],
    });
    expect(near.text).to.equal('18:30 is taken on Thursday 5 March. I have 18:00; which suits you?');
  });

  it('keeps the day of a time the patient said no to when they then give another time', async () => {
    const talk = conversation();
    await talk.patient('can I book thursday at 10?');
    await talk.toolAnswers({ slots: [aSlot('2026-03-05', '10:00')], requestedTimeFree: true });
    await talk.toolAnswers(heldSlot('2026-03-05', '10:00'));
    expect((await talk.patient('no')).text).to.match(/^No problem/);
    expect((await talk.patient('11?')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-05', time: '11:00' }),
    ]);
  });
});

describe('the offline dialogue policy moving an appointment with its doctor', () => {
  it("holds the patient's own doctor at the new time rather than another one free then", async () => {
    const talk = conversation();
    await talk.patient('can I move my appointment to Friday?');
    await talk.toolAnswers({ appointments: [anAppointment('apt_m1', '2026-03-03', '10:00')] });
    const held = await talk.toolAnswers({
      slots: [aSlot('2026-03-06', '10:00', 'patel'), aSlot('2026-03-06', '10:30', 'lee')],
      requestedTimeFree: true,
    });
    expect(held.toolCalls).to.deep.equal([call(TOOL_NAMES.holdSlot, { slotId: '2026-03-06T1030-dr-lee' })]);
  });

  it('says a move to the time the appointment already has is no move, and offers the other times that day', async () => {
    const talk = conversation();
    await talk.patient('Can I move my 10am to Friday instead?');
    const search = await talk.toolAnswers({ appointments: [anAppointment('apt_m1', '2026-03-06', '10:00')] });
    expect(search.toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-06', time: '10:00' }),
    ]);
    const answer = await talk.toolAnswers({
      slots: [aSlot('2026-03-06', '10:00', 'patel'), aSlot('2026-03-06', '11:00'), aSlot('2026-03-06', '14:00')],
      requestedTimeFree: true,
    });
    expect(answer.toolCalls).to.deep.equal([]);
    expect(answer.text).to.equal(
      `Your appointment is already on Friday 6 March at 10:00 with ${LEE}. I also have 11:00 or 14:00 on Friday 6 March; would one of those suit you instead?`,
    );
    const chosen = await talk.patient('the 11');
    expect(chosen.toolCalls).to.deep.equal([call(TOOL_NAMES.holdSlot, { slotId: '2026-03-06T1100-dr-lee' })]);
  });

  it('says so too when nothing else is free near it', async () => {
    const talk = conversation();
    await talk.patient('move my appointment to Friday at 10');
    await talk.toolAnswers({ appointments: [anAppointment('apt_m1', '2026-03-06', '10:00')] });
    await talk.toolAnswers({ slots: [], requestedTimeFree: false });
    const answer = await talk.toolAnswers({ slots: [] });
    expect(answer.text).to.equal(
      `Your appointment is already on Friday 6 March at 10:00 with ${LEE}, and nothing else is free near it. Would another day suit you?`,
    );
  });

  it('says so when only another doctor is free', async () => {
    const talk = conversation();
    await talk.patient('can I move my appointment to Friday?');
    await talk.toolAnswers({ appointments: [anAppointment('apt_m1', '2026-03-03', '10:00')] });
    await talk.toolAnswers({ slots: [aSlot('2026-03-06', '10:00', 'patel')], requestedTimeFree: true });
    const asked = await talk.toolAnswers(heldSlot('2026-03-06', '10:00', 'patel'));
    expect(asked.text).to.equal(
      `Shall I move your appointment on Tuesday 3 March at 10:00 to Friday 6 March at 10:00 with ${PATEL}, instead of ${LEE}? Reply YES to confirm.`,
    );
  });
});

describe('the offline dialogue policy asking which date, not guessing', () => {
  const SUNDAY_1_MARCH = Date.parse('2026-03-01T09:00:00-05:00');
  const US_CLINIC = aClinic({ locale: 'en-US' });

  it('asks which Tuesday "next Tuesday" said on a Sunday means, then searches the one chosen', async () => {
    const talk = conversation(SUNDAY_1_MARCH, US_CLINIC);
    const asked = await talk.patient('anything next tuesday afternoon?');
    expect(asked.toolCalls).to.deep.equal([]);
    expect(asked.text).to.equal('Do you mean Tuesday, March 3 or Tuesday, March 10?');
    const search = await talk.patient('the 10th');
    expect(search.toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-10', partOfDay: 'afternoon' }),
    ]);
  });

  it('does not ask when the coming one is already in next week or is tomorrow', async () => {
    const onThursday = conversation(Date.parse('2026-03-05T09:00:00-05:00'), US_CLINIC);
    expect((await onThursday.patient('book next tuesday at 10')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-10', time: '10:00' }),
    ]);
    const onMonday = conversation(MONDAY_9AM, US_CLINIC);
    expect((await onMonday.patient('book next tuesday at 10')).toolCalls).to.deep.equal([
      call(TOOL_NAMES.listAvailableSlots, { date: '2026-03-10', time: '10:00' }),
    ]);
  });
});
