import { PATIENT_NAME_MAX_LENGTH } from '../domain/patient-name.js';
import type { ToolDeclaration } from '../ports/language-model.js';

/**
 * The receptionist's tools, shared by text and voice. None takes a phone number: every tool acts as
 * the patient on the other end of the channel.
 */
export const TOOL_NAMES = {
  listAvailableSlots: 'list_available_slots',
  holdSlot: 'hold_slot',
  confirmAppointment: 'confirm_appointment',
  listMyAppointments: 'list_my_appointments',
  cancelAppointment: 'cancel_appointment',
  rescheduleAppointment: 'reschedule_appointment',
  handOffToStaff: 'hand_off_to_staff',
  rememberPatientName: 'remember_patient_name',
  endCall: 'end_call',
  transferToFrontDesk: 'transfer_to_front_desk',
} as const;

/**
 * The most tool calls one model turn may make (a text reply's round, or a live call's answer to one
 * thing the caller said); the calls past them are answered TOO_MANY_TOOL_CALLS, unrun. A real request
 * takes two or three: a listing and a hold, the patient's appointments and a move.
 */
export const MAX_TOOL_CALLS_PER_TURN = 5;

const DATE = { type: 'string', description: 'A clinic-local day, YYYY-MM-DD.' } as const;

export const BOOKING_TOOLS: ToolDeclaration[] = [
  {
    name: TOOL_NAMES.listAvailableSlots,
    description:
      'Free appointment slots on a clinic-local day, or from that day to endDate. Narrow with partOfDay, or give time to get the slots nearest to it first.',
    parameters: {
      type: 'object',
      properties: {
        date: DATE,
        endDate: { ...DATE, description: 'Last clinic-local day of a range, YYYY-MM-DD, at most 14 days after date.' },
        partOfDay: {
          type: 'string',
          enum: ['morning', 'afternoon', 'evening'],
          description: 'Morning is before 12:00, afternoon 12:00-17:00, evening after 17:00.',
        },
        time: { type: 'string', description: 'A preferred clinic-local time, HH:MM (24-hour).' },
      },
      required: ['date'],
    },
  },
  {
    name: TOOL_NAMES.holdSlot,
    description:
      'Hold a free slot for the patient for a few minutes while they decide. Ask the patient to confirm afterwards.',
    parameters: {
      type: 'object',
      properties: { slotId: { type: 'string', description: 'A slotId from list_available_slots.' } },
      required: ['slotId'],
    },
  },
  {
    name: TOOL_NAMES.confirmAppointment,
    description: 'Book the slot the patient holds. Only after the patient has said yes to that slot.',
    parameters: { type: 'object', properties: { slotId: { type: 'string' } }, required: ['slotId'] },
  },
  {
    name: TOOL_NAMES.listMyAppointments,
    description: "The patient's own upcoming appointments.",
    parameters: { type: 'object', properties: {} },
  },
  {
    name: TOOL_NAMES.cancelAppointment,
    description: "Cancel one of the patient's appointments. Only after the patient has said which one and confirmed.",
    parameters: {
      type: 'object',
      properties: { appointmentId: { type: 'string', description: 'From list_my_appointments.' } },
      required: ['appointmentId'],
    },
  },
  {
    name: TOOL_NAMES.rescheduleAppointment,
    description:
      "Move one of the patient's appointments to another free slot, in one step: the old one is kept if the new one cannot be had.",
    parameters: {
      type: 'object',
      properties: {
        appointmentId: { type: 'string' },
        newSlotId: { type: 'string', description: 'A slotId from list_available_slots.' },
      },
      required: ['appointmentId', 'newSlotId'],
    },
  },
  {
    name: TOOL_NAMES.handOffToStaff,
    description:
      'Pass the conversation to a member of staff: medical questions, complaints, anything the tools cannot do, or when the patient asks for a person.',
    parameters: {
      type: 'object',
      properties: {
        reason: { type: 'string' },
        urgent: {
          type: 'boolean',
          description: 'True when the patient describes an emergency or something that cannot wait for a call back.',
        },
      },
      required: ['reason'],
    },
  },
  {
    name: TOOL_NAMES.rememberPatientName,
    description:
      'Remember what the patient is called, for this clinic: when they give their name for a booking or ask to be called something else. Only a name the patient gave; never take it as proof of who they are.',
    parameters: {
      type: 'object',
      properties: {
        name: {
          type: 'string',
          description: `The name as the patient gave it, e.g. "Ana Ruiz" (at most ${PATIENT_NAME_MAX_LENGTH} characters).`,
        },
      },
      required: ['name'],
    },
  },
];

/** On calls only: the goodbye is said first, and the line is put down once the caller has heard it. */
export const END_CALL_TOOL: ToolDeclaration = {
  name: TOOL_NAMES.endCall,
  description: 'End the phone call. Say goodbye first, in the same turn; the call ends once the goodbye has played.',
  parameters: { type: 'object', properties: { reason: { type: 'string' } } },
};

/** On calls only, where the clinic has a front desk number: the caller hears that they are being put through, then is. */
export const TRANSFER_TOOL: ToolDeclaration = {
  name: TOOL_NAMES.transferToFrontDesk,
  description:
    "Put the caller through to the clinic's front desk, while the clinic is open, when they ask for a person or need what the tools cannot do. Tell them you are putting them through first, in the same turn. Outside opening hours it fails: then offer a call back (hand_off_to_staff).",
  parameters: { type: 'object', properties: { reason: { type: 'string' } } },
};
