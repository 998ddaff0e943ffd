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

/**
 * The named fields of a Twilio webhook. Twilio posts each once, so a name given twice is refused by
 * name rather than one of its values guessed at; a body that is not a form at all, likewise.
 */
export function readForm<Name extends string>(
  ctx: Context,
  names: readonly Name[],
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
  const repeated: string[] = [];
  for (const name of names) {
    const values = form.getAll(name);
    if (values.length > 1) repeated.push(`${name}: expected one value, got ${values.length}`);
    else if (values.length === 1) fields[name] = values[0];
  }
  if (repeated.length > 0) return fail({ status: 400, code: 'INVALID_REQUEST', message: repeated.join('; ') });
  return ok(fields);
}

export function refuseForm(ctx: Context, { status, code, message }: FormRefusal) {
  ctx.status = status;
  ctx.body = { error: { code, message } };
}
