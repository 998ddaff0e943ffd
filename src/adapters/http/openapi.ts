/**
 * The REST API as OpenAPI 3.1, served at /api/v1/openapi.json. Field names are the ones the routes
 * send and read; a test checks every route is here, everything here is served, and every example
 * fits its schema.
 */

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

const schemas: Record<string, Schema> = {
  PhoneNumber: { type: 'string', description: 'E.164; whatsapp:+1…, spaces and dashes accepted', maxLength: 64 },
  SlotId: { type: 'string', maxLength: 64, examples: [NINE] },
  DateTime: { type: 'string', description: "ISO-8601 in the clinic's offset", examples: [APPOINTMENT.start] },
  Slot: object(
    {
      slotId: ref('SlotId'),
      start: ref('DateTime'),
      end: ref('DateTime'),
      status: { type: 'string', enum: ['AVAILABLE', 'HELD', 'BOOKED'] },
      providerId: { type: 'string' },
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
      providerId: { type: 'string' },
    },
    ['appointmentId', 'slotId', 'phoneNumber', 'start', 'end', 'status'],
  ),
  Error: object({
    error: object({
      code: { type: 'string', examples: ['SLOT_UNAVAILABLE'] },
      message: { type: 'string', description: 'names the field and what was expected' },
      requestId: { type: 'string', description: 'as in the X-Request-Id header, and in the logs' },
    }),
  }),
};

const patientBody = object({ phoneNumber: ref('PhoneNumber') });
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
        '409': error('SLOT_UNAVAILABLE or TOO_MANY_HOLDS'),
        '422': error('SLOT_IN_PAST'),
      },
    },
  },
  '/appointments/confirm': {
    post: {
      summary: "Confirm the patient's hold as an appointment",
      requestBody: jsonBody(slotAndPatient, { slotId: NINE, phoneNumber: PHONE }),
      responses: {
        '201': ok('Booked (the same appointment when confirmed again)', ref('Appointment'), APPOINTMENT),
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
        '409': error('SLOT_UNAVAILABLE, SAME_SLOT or ALREADY_CANCELLED'),
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
          object({
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
          }),
          {
            phoneNumber: PHONE,
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

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Clinic receptionist', version: '1' },
  servers: [{ url: '/api/v1' }],
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'API_TOKEN, when it is set' } },
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
    ...clinicPaths,
    ...Object.fromEntries(
      Object.entries(clinicPaths).map(([path, item]) => [`/clinics/{clinicId}${path}`, scoped(item)]),
    ),
    ...operatorPaths,
    '/sms/webhook': webhook('Twilio: an SMS or WhatsApp message from a patient', 'Twilio'),
    '/voice/webhook': webhook('Twilio: a call comes in', 'Twilio'),
    '/voice/gather': webhook("Twilio: the caller's menu choice", 'Twilio'),
    '/voice/transfer-ended': webhook('Twilio: a transfer to the front desk ended', 'Twilio'),
    '/sns/webhook': webhook('Amazon SNS: an inbound SMS (only when SNS_TOPIC_ARN is set)', 'SNS', 'text/plain'),
  },
};
