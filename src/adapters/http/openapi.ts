/**
 * The REST API as OpenAPI 3.1, served at /api/v1/openapi.json. Field names are the ones the routes
 * send and read; a test checks every route is here, everything here is served, and every example
 * fits its schema.
 */

import { PATIENT_NAME_MAX_LENGTH } from '../../domain/patient-name.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, example?: unknown) => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});
const error = (description: string) => ({ description, content: json(ref('Error')) });
const ok = (description: string, schema: Schema, example: unknown) => ({ description, content: json(schema, example) });
const jsonBody = (schema: Schema, example: unknown) => ({ required: true, content: json(schema, example) });
const object = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});

const PHONE = '+15551234567';
const NINE = '2026-03-02T0900';
const APPOINTMENT = {
  appointmentId: 'apt_01J2ZK8Q',
  slotId: NINE,
  phoneNumber: PHONE,
  start: '2026-03-02T09:00:00-05:00',
  end: '2026-03-02T09:30:00-05:00',
  status: 'BOOKED',
};
const BOOKING_CHANNELS = ['sms', 'whatsapp', 'voice', 'chat', 'api', 'console'];
const calendarDate = { type: 'string', description: 'a clinic-local day YYYY-MM-DD', examples: ['2026-03-02'] };

const schemas: Record<string, Schema> = {
  PhoneNumber: { type: 'string', description: 'E.164; whatsapp:+1…, spaces and dashes accepted', maxLength: 64 },
  SlotId: { type: 'string', maxLength: 64, examples: [NINE] },
  DateTime: { type: 'string', description: "ISO-8601 in the clinic's offset", examples: [APPOINTMENT.start] },
  Slot: object(
    {
      slotId: ref('SlotId'),
      start: ref('DateTime'),
      end: ref('DateTime'),
      status: { type: 'string', enum: ['AVAILABLE', 'HELD', 'BOOKED', 'BLOCKED'] },
      providerId: { type: 'string' },
      holdExpiresAt: { ...ref('DateTime'), description: 'Until when a HELD slot waits for its confirmation' },
      blockReason: { type: 'string', description: "staff's reason, while BLOCKED" },
    },
    ['slotId', 'start', 'end', 'status'],
  ),
  Appointment: object(
    {
      appointmentId: { type: 'string' },
      slotId: ref('SlotId'),
      phoneNumber: ref('PhoneNumber'),
      start: ref('DateTime'),
      end: ref('DateTime'),
      status: { type: 'string', enum: ['BOOKED', 'CANCELLED'] },
      channel: {
        type: 'string',
        enum: BOOKING_CHANNELS,
        description: 'where it was booked; absent on appointments booked before it was recorded',
      },
      providerId: { type: 'string' },
      patientName: {
        type: 'string',
        maxLength: PATIENT_NAME_MAX_LENGTH,
        description: 'what the patient is called, when known; listed by GET /appointments only',
      },
    },
    ['appointmentId', 'slotId', 'phoneNumber', 'start', 'end', 'status'],
  ),
  Error: object({
    error: object(
      {
        code: { type: 'string', examples: ['SLOT_UNAVAILABLE'] },
        message: { type: 'string', description: 'names the field and what was expected' },
        requestId: { type: 'string', description: 'as in the X-Request-Id header, and in the logs' },
        appointments: {
          type: 'array',
          items: { type: 'string' },
          description: 'SLOT_BOOKED: the appointments to move or cancel first',
        },
      },
      ['code', 'message', 'requestId'],
    ),
  }),
};

const patientBody = object({ phoneNumber: ref('PhoneNumber') });
/** Exactly one of slotId, date (to toDate, whole clinic-local days), or from and to (slots starting in [from, to)). */
const timeSelection = {
  slotId: ref('SlotId'),
  date: { type: 'string', format: 'date' },
  toDate: { type: 'string', format: 'date', description: 'the last day, included; at most 92 days' },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time', description: 'at most 92 days after from' },
  providerId: { type: 'string', description: "with date or from and to: that provider's slots only" },
};
const slotAndPatient = object({ slotId: ref('SlotId'), phoneNumber: ref('PhoneNumber') });
const appointmentId = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 64 } };
const query = (name: string, schema: Schema, required = false) => ({ name, in: 'query', required, schema });
const webhook = (summary: string, signedBy: string, mediaType = 'application/x-www-form-urlencoded') => ({
  post: {
    summary,
    description: `Signed by ${signedBy}, not the bearer token.`,
    security: [],
    requestBody: {
      required: true,
      content: { [mediaType]: { schema: { type: mediaType === 'text/plain' ? 'string' : 'object' } } },
    },
    responses: { '200': { description: 'TwiML or an empty acknowledgement' }, '403': error('bad signature') },
  },
});
const probe = (summary: string, status: string, notReady: boolean) => ({
  get: {
    summary,
    security: [],
    responses: {
      '200': ok(summary, object({ status: { type: 'string', const: status } }), { status }),
      ...(notReady ? { '503': error('STORE_UNAVAILABLE: the store is not answering') } : {}),
    },
  },
});

/** One clinic's routes: served with the clinic in the path, and without it while the deployment has one clinic. */
const clinicPaths: Record<string, Record<string, Schema>> = {
  '/slots/to-move': {
    get: {
      summary:
        "For staff: slots patients hold or booked at hours the clinic's schedule no longer has (closed days, providers gone), to agree new times",
      responses: {
        '200': ok(
          'Earliest first',
          object({
            slots: {
              type: 'array',
              items: object(
                {
                  slotId: ref('SlotId'),
                  start: ref('DateTime'),
                  end: ref('DateTime'),
                  status: { type: 'string', enum: ['HELD', 'BOOKED'] },
                  providerId: { type: 'string' },
                  phoneNumber: ref('PhoneNumber'),
                  appointmentId: { type: 'string' },
                },
                ['slotId', 'start', 'end', 'status'],
              ),
            },
          }),
          { slots: [{ ...APPOINTMENT, status: 'BOOKED', appointmentId: APPOINTMENT.appointmentId }] },
        ),
        '400': error('INVALID_REQUEST'),
      },
    },
  },
  '/slots': {
    get: {
      summary: 'Slots of a clinic-local day, or between two instants at most 31 days apart',
      parameters: [
        query('date', { type: 'string', examples: ['2026-03-02'] }),
        query('from', ref('DateTime')),
        query('to', ref('DateTime')),
        query('status', { type: 'string', enum: ['available'] }),
        query('providerId', { type: 'string' }),
      ],
      responses: {
        '200': ok('The slots, in time order', object({ slots: { type: 'array', items: ref('Slot') } }), {
          slots: [{ slotId: NINE, start: APPOINTMENT.start, end: APPOINTMENT.end, status: 'AVAILABLE' }],
        }),
        '400': error('INVALID_REQUEST'),
      },
    },
  },
  '/slots/hold': {
    post: {
      summary: 'Hold a slot for a patient until they confirm',
      requestBody: jsonBody(slotAndPatient, { slotId: NINE, phoneNumber: PHONE }),
      responses: {
        '201': ok(
          'Held',
          object({ slotId: ref('SlotId'), phoneNumber: ref('PhoneNumber'), expiresAt: ref('DateTime') }),
          { slotId: NINE, phoneNumber: PHONE, expiresAt: '2026-03-02T08:10:00-05:00' },
        ),
        '400': error('INVALID_REQUEST'),
        '404': error('SLOT_NOT_FOUND'),
        '409': error('SLOT_UNAVAILABLE, SLOT_BLOCKED or TOO_MANY_HOLDS'),
        '422': error('SLOT_IN_PAST'),
      },
    },
  },
  '/appointments/confirm': {
    post: {
      summary: "Confirm the patient's hold as an appointment",
      requestBody: jsonBody(slotAndPatient, { slotId: NINE, phoneNumber: PHONE }),
      responses: {
        '201': ok('Booked (the same appointment when confirmed again)', ref('Appointment'), {
          ...APPOINTMENT,
          channel: 'api',
        }),
        '400': error('INVALID_REQUEST'),
        '404': error('SLOT_NOT_FOUND'),
        '409': error('NO_VALID_HOLD, HOLD_EXPIRED or TOO_MANY_APPOINTMENTS'),
        '422': error('SLOT_IN_PAST'),
      },
    },
  },
  '/appointments': {
    get: {
      summary:
        "A patient's appointments (phoneNumber), or every patient's starting on a clinic-local day (date) or between from and to, at most 31 days apart, for the front desk; booked and cancelled, in time order",
      parameters: [
        query('phoneNumber', ref('PhoneNumber')),
        query('date', { type: 'string', format: 'date' }),
        query('from', ref('DateTime')),
        query('to', ref('DateTime')),
        query('providerId', { type: 'string', maxLength: 64 }),
      ],
      responses: {
        '200': ok('In time order', object({ appointments: { type: 'array', items: ref('Appointment') } }), {
          appointments: [APPOINTMENT],
        }),
        '400': error('INVALID_REQUEST'),
      },
    },
  },
  '/appointments/{id}/cancel': {
    post: {
      summary: 'Cancel an appointment; its slot is free again',
      parameters: [appointmentId],
      requestBody: jsonBody(patientBody, { phoneNumber: PHONE }),
      responses: {
        '200': ok('Cancelled', ref('Appointment'), { ...APPOINTMENT, status: 'CANCELLED' }),
        '400': error('INVALID_REQUEST'),
        '403': error('NOT_OWNER'),
        '404': error('APPOINTMENT_NOT_FOUND'),
        '409': error('ALREADY_CANCELLED'),
        '422': error('APPOINTMENT_IN_PAST'),
      },
    },
  },
  '/appointments/{id}/reschedule': {
    post: {
      summary: 'Move an appointment to another slot in one step',
      parameters: [appointmentId],
      requestBody: jsonBody(object({ phoneNumber: ref('PhoneNumber'), newSlotId: ref('SlotId') }), {
        phoneNumber: PHONE,
        newSlotId: '2026-03-02T1000',
      }),
      responses: {
        '200': ok('Moved (same id, new slot)', ref('Appointment'), {
          ...APPOINTMENT,
          slotId: '2026-03-02T1000',
          start: '2026-03-02T10:00:00-05:00',
          end: '2026-03-02T10:30:00-05:00',
        }),
        '400': error('INVALID_REQUEST'),
        '403': error('NOT_OWNER'),
        '404': error('APPOINTMENT_NOT_FOUND or SLOT_NOT_FOUND'),
        '409': error('SLOT_UNAVAILABLE, SLOT_BLOCKED, SAME_SLOT or ALREADY_CANCELLED'),
        '422': error('SLOT_IN_PAST or APPOINTMENT_IN_PAST'),
      },
    },
  },
  '/chat': {
    post: {
      summary: 'Talk to the receptionist as a patient, as an SMS would',
      requestBody: jsonBody(object({ phoneNumber: ref('PhoneNumber'), message: { type: 'string', maxLength: 1600 } }), {
        phoneNumber: PHONE,
        message: 'Can I see a doctor on Monday morning?',
      }),
      responses: {
        '200': ok('The reply, or null when none is due', object({ reply: { type: ['string', 'null'] } }), {
          reply: 'Monday 2 March I have 9:00 AM and 10:00 AM. Which would you like?',
        }),
        '400': error('INVALID_REQUEST'),
        '429': error('TOO_MANY_MESSAGES, with Retry-After'),
      },
    },
  },
  '/events': {
    get: {
      summary: 'Live updates for the staff console: which slots of the span changed, as Server-Sent Events',
      description:
        'Streams `event: slots` with `data: {"slotIds":[…]}` whenever a slot starting in [from, to) is held, booked, freed, ' +
        'cancelled, moved or blocked, on any channel and any server sharing the store (read every CONSOLE_POLL_MS), and ' +
        'a `: keep-alive` comment every 15 s. The stream ends when the server stops; on every (re)connection a console ' +
        'reloads the span, as what changed while it was away is not told again.',
      parameters: [
        query('from', ref('DateTime'), true),
        query('to', { ...ref('DateTime'), description: 'after from, at most 31 days after it' }, true),
      ],
      responses: {
        '200': {
          description: 'An endless text/event-stream',
          content: {
            'text/event-stream': {
              schema: { type: 'string' },
              example: 'retry: 3000\n\nevent: slots\ndata: {"slotIds":["2026-03-02T0900"]}\n\n: keep-alive\n\n',
            },
          },
        },
        '400': error('INVALID_REQUEST: from or to, and what was expected'),
      },
    },
  },
  '/patients/{phoneNumber}': {
    get: {
      summary: "One patient's page for the front desk: appointments, recent conversation, opt-out",
      description:
        "The conversation is what the store keeps of it (the last 24 hours, at most 40 turns), patient's and " +
        "receptionist's words only; calls bridged live to the voice model keep no transcript.",
      parameters: [
        {
          name: 'phoneNumber',
          in: 'path',
          required: true,
          description: 'E.164, its + written %2B',
          schema: ref('PhoneNumber'),
        },
      ],
      responses: {
        '200': ok(
          'The patient, never another',
          object(
            {
              phoneNumber: ref('PhoneNumber'),
              appointments: {
                type: 'array',
                items: ref('Appointment'),
                description: 'booked and cancelled, latest first',
              },
              conversation: {
                type: 'array',
                items: object({
                  role: { type: 'string', enum: ['patient', 'receptionist'] },
                  text: { type: 'string' },
                  at: ref('DateTime'),
                }),
              },
              optedOut: { type: 'boolean' },
              patientName: {
                type: 'string',
                maxLength: PATIENT_NAME_MAX_LENGTH,
                description: 'what the patient is called, when known',
              },
            },
            ['phoneNumber', 'appointments', 'conversation', 'optedOut'],
          ),
          {
            phoneNumber: PHONE,
            patientName: 'Ana Ruiz',
            appointments: [APPOINTMENT],
            conversation: [
              { role: 'patient', text: 'Is parking free?', at: '2026-03-01T17:02:00-05:00' },
              { role: 'receptionist', text: 'Yes, behind the building.', at: '2026-03-01T17:02:00-05:00' },
            ],
            optedOut: false,
          },
        ),
        '400': error('INVALID_REQUEST: phoneNumber, and what was expected'),
      },
    },
  },
  '/patients/{phoneNumber}/name': {
    put: {
      summary: 'What the patient is called, as staff correct or add it',
      description:
        'The receptionist asks for it once while booking and greets the patient by it; the patient may change it by text ("my name is …"). ' +
        'Control characters are dropped and spaces collapsed; it never identifies the patient, whose number does.',
      parameters: [
        {
          name: 'phoneNumber',
          in: 'path',
          required: true,
          description: 'E.164, its + written %2B',
          schema: ref('PhoneNumber'),
        },
      ],
      requestBody: jsonBody(object({ name: { type: 'string', minLength: 1, maxLength: PATIENT_NAME_MAX_LENGTH } }), {
        name: 'Ana Ruiz',
      }),
      responses: {
        '200': ok('Kept, as cleaned', object({ phoneNumber: ref('PhoneNumber'), patientName: { type: 'string' } }), {
          phoneNumber: PHONE,
          patientName: 'Ana Ruiz',
        }),
        '400': error('INVALID_REQUEST: phoneNumber or name, and what was expected'),
      },
    },
  },
  '/staff-callbacks': {
    get: {
      summary: 'Patients waiting for staff to call them back, the longest waiting first',
      responses: {
        '200': ok(
          'One entry per patient',
          object({
            callbacks: {
              type: 'array',
              items: object({
                phoneNumber: ref('PhoneNumber'),
                reason: { type: 'string' },
                channel: { type: 'string' },
                timesAsked: { type: 'integer' },
                firstRequestedAt: ref('DateTime'),
                lastRequestedAt: ref('DateTime'),
              }),
            },
          }),
          {
            callbacks: [
              {
                phoneNumber: PHONE,
                reason: 'asks about test results',
                channel: 'sms',
                timesAsked: 1,
                firstRequestedAt: '2026-03-02T08:05:00-05:00',
                lastRequestedAt: '2026-03-02T08:05:00-05:00',
              },
            ],
          },
        ),
        '400': error('INVALID_REQUEST'),
      },
    },
  },
  '/providers': {
    get: {
      summary: "The clinic's providers, whose ids slots and appointments carry",
      responses: {
        '200': ok(
          "In the clinic document's order",
          object({
            providers: { type: 'array', items: object({ providerId: { type: 'string' }, name: { type: 'string' } }) },
          }),
          { providers: [{ providerId: 'dr-okafor', name: 'Dr. Okafor' }] },
        ),
        '400': error('INVALID_REQUEST'),
      },
    },
  },
  '/blocked-time': {
    post: {
      summary:
        'For staff: block one slot, whole clinic-local days or a span, for one provider or all (beyond the published horizon too); no channel offers or holds blocked time',
      requestBody: jsonBody(
        object(
          {
            ...timeSelection,
            reason: { type: 'string', maxLength: 200 },
            booked: {
              type: 'string',
              enum: ['refuse', 'cancel'],
              description:
                'refuse (default): 409 when a slot is booked or held; cancel: cancel them with the block, the patients told',
            },
          },
          [],
        ),
        { date: '2026-03-04', reason: 'staff training' },
      ),
      responses: {
        '200': ok(
          'Every slot of the selection now blocked, and the appointments cancelled with the block',
          object({
            blocked: { type: 'array', items: ref('Slot') },
            cancelled: { type: 'array', items: ref('Appointment') },
          }),
          {
            blocked: [
              {
                slotId: '2026-03-04T0900',
                start: '2026-03-04T09:00:00-05:00',
                end: '2026-03-04T09:30:00-05:00',
                status: 'BLOCKED',
                blockReason: 'staff training',
              },
            ],
            cancelled: [],
          },
        ),
        '400': error('INVALID_REQUEST'),
        '404': error('SLOT_NOT_FOUND'),
        '409': error('SLOT_BOOKED (error.appointments lists them) or SLOT_HELD'),
        '422': error('SLOT_IN_PAST'),
      },
    },
  },
  '/blocked-time/remove': {
    post: {
      summary: 'For staff: give blocked time back (a slot beyond the published horizon is published with its day)',
      requestBody: jsonBody(object(timeSelection, []), { date: '2026-03-04' }),
      responses: {
        '200': ok(
          'The slots that were blocked, free again',
          object({ unblocked: { type: 'array', items: ref('Slot') } }),
          {
            unblocked: [
              {
                slotId: '2026-03-04T0900',
                start: '2026-03-04T09:00:00-05:00',
                end: '2026-03-04T09:30:00-05:00',
                status: 'AVAILABLE',
              },
            ],
          },
        ),
        '400': error('INVALID_REQUEST'),
        '404': error('SLOT_NOT_FOUND'),
        '422': error('SLOT_IN_PAST'),
      },
    },
  },
  '/stats': {
    get: {
      summary:
        "For the clinic's charts: per clinic-local day, appointments booked by channel, cancellations, and every hand-off to staff, resolved since or not (kept 400 days)",
      parameters: [query('from', calendarDate, true), query('to', calendarDate, true)],
      responses: {
        '200': ok(
          'Every day from from to to, both included, zeros too',
          object({
            days: {
              type: 'array',
              items: object({
                date: calendarDate,
                bookings: object(Object.fromEntries(BOOKING_CHANNELS.map((channel) => [channel, { type: 'integer' }]))),
                cancellations: { type: 'integer' },
                handoffs: { type: 'integer' },
              }),
            },
          }),
          {
            days: [
              {
                date: '2026-03-02',
                bookings: { sms: 4, whatsapp: 1, voice: 2, chat: 0, api: 1, console: 3 },
                cancellations: 1,
                handoffs: 2,
              },
            ],
          },
        ),
        '400': error('INVALID_REQUEST: from and to must be days, to not before from, at most 92 days'),
      },
    },
  },
  '/providers/{providerId}/calendar-feed': {
    post: {
      summary:
        "For a clinic's manager (or its token, or the operator): a new secret URL for the provider's iCalendar feed of booked appointments, 30 days back to 90 ahead; the URL before it answers 404 from then on",
      parameters: [{ name: 'providerId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '201': ok('Shown once: the secret is kept only as its hash', object({ url: { type: 'string' } }), {
          url: 'https://clinic.example.com/api/v1/calendar/riverside/dr-lee/q3Xc….ics',
        }),
        '403': error('MANAGER_ONLY: a console session of staff other than a manager'),
        '404': error('PROVIDER_NOT_FOUND'),
      },
    },
  },
  '/staff-callbacks/resolve': {
    post: {
      summary: 'Mark a patient called back',
      requestBody: jsonBody(patientBody, { phoneNumber: PHONE }),
      responses: {
        '200': ok('Resolved', object({ phoneNumber: ref('PhoneNumber'), resolved: { type: 'boolean', const: true } }), {
          phoneNumber: PHONE,
          resolved: true,
        }),
        '400': error('INVALID_REQUEST'),
        '404': error('CALLBACK_NOT_FOUND'),
      },
    },
  },
};

const clinicId = {
  name: 'clinicId',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,39}$' },
};

/** The same operations, for the clinic in the path: another clinic's id is answered as no clinic's. */
function scoped(item: Record<string, Schema>): Record<string, Schema> {
  return Object.fromEntries(
    Object.entries(item).map(([method, operation]) => [
      method,
      {
        ...operation,
        parameters: [clinicId, ...((operation.parameters as Schema[] | undefined) ?? [])],
        responses: {
          ...(operation.responses as Schema),
          '404': error('CLINIC_NOT_FOUND, or what the route itself finds missing'),
        },
      },
    ]),
  );
}

const CLINIC_EXAMPLE = {
  id: 'riverside',
  name: 'Riverside Family Clinic',
  timeZone: 'America/New_York',
  locale: 'en-US',
  weeklyHours: { monday: [{ open: '09:00', close: '17:00' }] },
  slotMinutes: 30,
  horizonDays: 60,
  holdMinutes: 10,
  numbers: ['+15559990000'],
};
const ClinicDocumentSchema: Schema = {
  type: 'object',
  description: "A clinic's document: the README lists each key",
  required: ['id', 'name', 'timeZone', 'locale', 'weeklyHours', 'slotMinutes', 'horizonDays', 'holdMinutes', 'numbers'],
};
const operatorOnly = { '403': error('OPERATOR_ONLY: a clinic token'), '401': error('UNAUTHORIZED') };

/** The operator's (API_TOKEN): the clinics served, and their integrations' tokens. */
const operatorPaths = {
  '/admin/clinics': {
    get: {
      summary: 'Every clinic, by id',
      responses: {
        '200': ok('The clinics', object({ clinics: { type: 'array', items: ClinicDocumentSchema } }), {
          clinics: [CLINIC_EXAMPLE],
        }),
        ...operatorOnly,
      },
    },
  },
  '/admin/clinics/{clinicId}': {
    get: {
      summary: "A clinic's document, as a PUT takes it",
      parameters: [clinicId],
      responses: {
        '200': ok('The clinic', ClinicDocumentSchema, CLINIC_EXAMPLE),
        '404': error('CLINIC_NOT_FOUND'),
        ...operatorOnly,
      },
    },
    put: {
      summary: 'Create or replace a clinic: its slots follow its hours and providers at once',
      parameters: [clinicId],
      requestBody: jsonBody(ClinicDocumentSchema, CLINIC_EXAMPLE),
      responses: {
        '200': ok('Replaced', ClinicDocumentSchema, CLINIC_EXAMPLE),
        '201': ok('Created', ClinicDocumentSchema, CLINIC_EXAMPLE),
        '400': error('INVALID_REQUEST: the field, and what was expected'),
        '409': error('NUMBER_TAKEN: another clinic is reached on one of its numbers'),
        ...operatorOnly,
      },
    },
  },
  '/admin/clinics/{clinicId}/tokens': {
    post: {
      summary: "A new token for the clinic's integrations: shown once, kept only as its hash",
      parameters: [clinicId],
      responses: {
        '201': ok('Issued', object({ tokenId: { type: 'string' }, token: { type: 'string' } }), {
          tokenId: 'tok_01J2ZK8Q',
          token: 'q3Xc…',
        }),
        '404': error('CLINIC_NOT_FOUND'),
        ...operatorOnly,
      },
    },
  },
  '/admin/clinics/{clinicId}/tokens/{tokenId}': {
    delete: {
      summary: 'Revoke a token',
      parameters: [clinicId, { name: 'tokenId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: { '204': { description: 'Revoked' }, '404': error('TOKEN_NOT_FOUND'), ...operatorOnly },
    },
  },
};

const STAFF_EXAMPLE = {
  staffId: 'stf_01J2ZK8Q',
  clinicId: 'riverside',
  name: 'Ana Ruiz',
  email: 'ana@riverside.example',
  role: 'manager',
};
const StaffSchema = object({
  staffId: { type: 'string' },
  clinicId: { type: 'string' },
  name: { type: 'string' },
  email: { type: 'string', description: 'kept in lower case' },
  role: { type: 'string', enum: ['front-desk', 'manager'] },
});
const SignedInSchema = object({
  staff: StaffSchema,
  csrfToken: { type: 'string', description: 'sent back as X-CSRF-Token on every request but GET and HEAD' },
});
const SIGNED_IN_EXAMPLE = { staff: STAFF_EXAMPLE, csrfToken: 'Zk3q…' };
const managerOnly = {
  '403': error("MANAGER_ONLY: the front desk's session or a clinic token; CSRF_REJECTED"),
  '401': error('UNAUTHORIZED, SIGNED_OUT'),
};

/** Staff: console sessions (a cookie, not the bearer token), and each clinic's staff accounts. */
const staffPaths = {
  '/console/session': {
    post: {
      summary:
        'Sign in: sets the HttpOnly, SameSite=Strict cookie console_session (Secure behind https), which then reaches its clinic alone',
      security: [],
      requestBody: jsonBody(object({ email: { type: 'string' }, password: { type: 'string' } }), {
        email: 'ana@riverside.example',
        password: 'correct horse battery staple',
      }),
      responses: {
        '200': ok('Signed in', SignedInSchema, SIGNED_IN_EXAMPLE),
        '400': error('INVALID_REQUEST'),
        '401': error('INVALID_CREDENTIALS: an unknown email is answered as a wrong password'),
        '429': error(
          'ACCOUNT_LOCKED after 5 failed sign-ins in a row, for 15 minutes; TOO_MANY_FAILED_ATTEMPTS from one address; with Retry-After',
        ),
      },
    },
    get: {
      summary: "The session's staff member and CSRF token, for a console page that opens already signed in",
      security: [{ session: [] }],
      responses: { '200': ok('Signed in', SignedInSchema, SIGNED_IN_EXAMPLE), '401': error('SIGNED_OUT') },
    },
    delete: {
      summary: 'Sign out: the session ends and the cookie is cleared',
      security: [{ session: [] }],
      responses: { '204': { description: 'Signed out' }, '403': error('CSRF_REJECTED') },
    },
  },
  '/clinics/{clinicId}/staff': {
    get: {
      summary: "The clinic's staff, by name (the operator's, or a manager's)",
      parameters: [clinicId],
      responses: {
        '200': ok('The staff', object({ staff: { type: 'array', items: StaffSchema } }), { staff: [STAFF_EXAMPLE] }),
        '404': error('CLINIC_NOT_FOUND'),
        ...managerOnly,
      },
    },
    post: {
      summary: 'Add a staff member, with a password of 12 characters or more; the email may have no other account',
      parameters: [clinicId],
      requestBody: jsonBody(
        object({
          name: { type: 'string' },
          email: { type: 'string' },
          role: { type: 'string', enum: ['front-desk', 'manager'] },
          password: { type: 'string', minLength: 12 },
        }),
        { name: 'Ana Ruiz', email: 'ana@riverside.example', role: 'manager', password: 'correct horse battery staple' },
      ),
      responses: {
        '201': ok('Added: never the password nor its hash', StaffSchema, STAFF_EXAMPLE),
        '400': error('INVALID_REQUEST: the field, and what was expected'),
        '404': error('CLINIC_NOT_FOUND'),
        '409': error('EMAIL_TAKEN'),
        ...managerOnly,
      },
    },
  },
  '/clinics/{clinicId}/staff/{staffId}': {
    delete: {
      summary: 'Remove a staff member: every session of theirs ends',
      parameters: [clinicId, { name: 'staffId', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '204': { description: 'Removed' },
        '404': error('CLINIC_NOT_FOUND, STAFF_NOT_FOUND'),
        ...managerOnly,
      },
    },
  },
};

/** The console's page: open to anyone, as it holds no data; served at the root, not under /api/v1. */
const consolePage = (summary: string) => ({
  servers: [{ url: '/' }],
  get: {
    summary,
    security: [],
    responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
  },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Clinic receptionist', version: '1' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }, { session: [] }],
  components: {
    securitySchemes: {
      bearer: { type: 'http', scheme: 'bearer', description: 'API_TOKEN, when it is set, or a clinic token' },
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: 'console_session',
        description: "A staff member's console session: their clinic's routes alone; X-CSRF-Token on every change",
      },
    },
    schemas,
  },
  paths: {
    '/healthz': probe('Liveness: the process answers', 'ok', false),
    '/readyz': probe('Readiness: the store answers', 'ready', true),
    '/openapi.json': {
      get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
    },
    '/metrics': {
      // At the root, where Prometheus looks, not under /api/v1.
      servers: [{ url: '/' }],
      get: {
        summary: 'Counts and gauges for Prometheus (the README lists them); no label carries patient data',
        responses: {
          '200': {
            description: "Prometheus's text exposition format 0.0.4",
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/console': consolePage('The staff console: the page that loads it (views are chosen by the URL hash)'),
    '/console/{view}': consolePage('The same page, at any one-segment console address'),
    '/console/assets/{file}': {
      servers: [{ url: '/' }],
      get: {
        summary: "The console's built script and style (npm run build), sent no-cache",
        security: [],
        parameters: [{ name: 'file', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'JavaScript, CSS or a source map' },
          '404': error('NOT_FOUND: no such file'),
        },
      },
    },
    ...clinicPaths,
    ...Object.fromEntries(
      Object.entries(clinicPaths).map(([path, item]) => [`/clinics/{clinicId}${path}`, scoped(item)]),
    ),
    ...operatorPaths,
    '/calendar/{clinicId}/{providerId}/{secret}.ics': {
      get: {
        summary:
          "A provider's calendar feed (RFC 5545), for calendar clients: BOOKED appointments, times in UTC, patients by their last four digits",
        description: 'The secret in the path is the credential, not the bearer token.',
        security: [],
        parameters: [
          clinicId,
          { name: 'providerId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'secret', in: 'path', required: true, schema: { type: 'string' } },
        ],
        responses: {
          '200': {
            description: 'The feed',
            content: { 'text/calendar; charset=utf-8': { schema: { type: 'string' } } },
          },
          '404': error('FEED_NOT_FOUND: not the URL last issued for this provider'),
        },
      },
    },
    ...staffPaths,
    '/sms/webhook': webhook('Twilio: an SMS or WhatsApp message from a patient', 'Twilio'),
    '/voice/webhook': webhook('Twilio: a call comes in', 'Twilio'),
    '/voice/gather': webhook("Twilio: the caller's menu choice", 'Twilio'),
    '/voice/transfer-ended': webhook('Twilio: a transfer to the front desk ended', 'Twilio'),
    '/sns/webhook': webhook('Amazon SNS: an inbound SMS (only when SNS_TOPIC_ARN is set)', 'SNS', 'text/plain'),
  },
};
