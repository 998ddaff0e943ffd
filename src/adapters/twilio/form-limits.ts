import type { Context, Next } from 'koa';

/** Twilio's SIDs are 34 characters and numbers at most 16 (`whatsapp:` and a number: 25). */
const ID = 64;
/** An SMS is at most 1600 characters, a WhatsApp message 4096; a caller's speech is far shorter. */
const TEXT = 4096;

/**
 * Refuses, with 400 naming each field and its limit, a form whose fields are longer than Twilio ever
 * sends, or given more than once: nothing past this reads them, stores them or sends them to a model.
 * Runs after the signature check, so only Twilio, or a sender on loopback, learns the limits.
 */
function limitFormFields(limits: Readonly<Record<string, number>>) {
  return async (ctx: Context, next: Next) => {
    const form = (ctx.request.body ?? {}) as Record<string, unknown>;
    const problems = Object.entries(limits).flatMap(([field, max]) => {
      const value = form[field];
      if (value === undefined || (typeof value === 'string' && value.length <= max)) return [];
      return [`${field}: expected one value of at most ${max} characters`];
    });
    if (problems.length > 0) {
      ctx.status = 400;
      ctx.body = { error: { code: 'INVALID_REQUEST', message: problems.join('; ') } };
      return;
    }
    await next();
  };
}

/** Each webhook's check of the fields it reads, at the longest Twilio ever makes them. */
export const formLimits = {
  message: limitFormFields({ MessageSid: ID, From: ID, Body: TEXT }),
  call: limitFormFields({ CallSid: ID, From: ID }),
  gather: limitFormFields({ CallSid: ID, From: ID, SpeechResult: TEXT, Digits: 32 }),
  transferEnded: limitFormFields({ CallSid: ID, From: ID, DialCallStatus: 32 }),
};
