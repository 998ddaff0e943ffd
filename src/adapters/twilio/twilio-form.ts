import type { Context } from 'koa';
import { fail, ok, type Result } from '../../domain/result.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * The fields Twilio posted, as it posted them: flat, each name with all its values. Read from the raw
 * body, not from the body parser's object, which nests `From[x]` and `From.x` into objects that
 * Twilio neither sent nor signed. Empty when the body is not a form.
 */
export function postedForm(ctx: Context): URLSearchParams {
  const raw = ctx.request.rawBody;
  return new URLSearchParams(ctx.is(FORM) && typeof raw === 'string' ? raw : '');
}

/** What Twilio signs: every posted name with its values (the SDK sorts a repeated name's values as Twilio does). */
export function signedParams(form: URLSearchParams): Record<string, string[]> {
  return Object.fromEntries([...new Set(form.keys())].map((name) => [name, form.getAll(name)]));
}

export interface FormRefusal {
  status: 400 | 415;
  code: 'INVALID_REQUEST' | 'UNSUPPORTED_MEDIA_TYPE';
  message: string;
}

/** Twilio's SIDs are 34 characters and numbers at most 16 (`whatsapp:` and a number: 25). */
export const ID = 64;
/** An SMS is at most 1600 characters, a WhatsApp message 4096; a caller's speech is far shorter. */
export const TEXT = 4096;

/**
 * The named fields of a Twilio webhook, each at most as long as Twilio ever makes it. Twilio posts
 * each once, so a name given twice is refused by name rather than one of its values guessed at; a
 * field longer than its limit, or a body that is not a form at all, likewise: nothing past this reads
 * them, stores them or sends them to a model. Runs after the signature check, so only Twilio (or a
 * sender in the local mode) learns the limits.
 */
export function readForm<Name extends string>(
  ctx: Context,
  limits: Readonly<Record<Name, number>>,
): Result<Partial<Record<Name, string>>, FormRefusal> {
  // `is` is null for a request without a body: that is an empty form, not another type.
  if (ctx.is(FORM) === false)
    return fail({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: `Content-Type: expected ${FORM}, as Twilio posts`,
    });
  const form = postedForm(ctx);
  const fields: Partial<Record<Name, string>> = {};
  const problems: string[] = [];
  for (const [name, max] of Object.entries(limits) as [Name, number][]) {
    const values = form.getAll(name);
    if (values.length > 1) problems.push(`${name}: expected one value, got ${values.length}`);
    else if (values.length === 1 && values[0]!.length > max)
      problems.push(`${name}: expected one value of at most ${max} characters`);
    else if (values.length === 1) fields[name] = values[0];
  }
  if (problems.length > 0) return fail({ status: 400, code: 'INVALID_REQUEST', message: problems.join('; ') });
  return ok(fields);
}

export function refuseForm(ctx: Context, { status, code, message }: FormRefusal) {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}
