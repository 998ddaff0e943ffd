import { type PhoneNumber, parsePhoneNumber } from '../../domain/phone-number.js';
import { fail, ok, type Result } from '../../domain/result.js';

/**
 * A patient's text as AWS End User Messaging publishes it to SNS, inside the notification's Message.
 * Only what the receptionist needs is read; the keyword is not.
 */
export interface InboundSms {
  /** The patient: the number the text came from. */
  originationNumber: PhoneNumber;
  /** The clinic's number the text was sent to, as AWS wrote it: the clinic is found by it. */
  destinationNumber?: string;
  messageBody: string;
  inboundMessageId: string;
}

/** An SMS is at most 1600 characters; AWS's message ids are UUIDs. */
const MAX_BODY = 1600;
const MAX_ID = 64;

/** Names the first field that is missing or wrong. */
export function readInboundSms(message: string): Result<InboundSms, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return fail('Message: expected the JSON of a two-way SMS (originationNumber, messageBody, …)');
  }
  const fields = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const patient = typeof fields.originationNumber === 'string' ? parsePhoneNumber(fields.originationNumber) : undefined;
  if (!patient?.ok) return fail('Message.originationNumber: expected the sender as an E.164 phone number');
  if (typeof fields.messageBody !== 'string') return fail('Message.messageBody: expected the text of the SMS');
  if (fields.messageBody.length > MAX_BODY)
    return fail(`Message.messageBody: expected at most ${MAX_BODY} characters, as an SMS has`);
  if (typeof fields.inboundMessageId !== 'string' || fields.inboundMessageId.length > MAX_ID)
    return fail(`Message.inboundMessageId: expected the id AWS gave the SMS, at most ${MAX_ID} characters`);
  const to = fields.destinationNumber;
  return ok({
    originationNumber: patient.value,
    ...(typeof to === 'string' && to.length <= MAX_ID ? { destinationNumber: to } : {}),
    messageBody: fields.messageBody,
    inboundMessageId: fields.inboundMessageId,
  });
}
