import { expect } from 'chai';
import type { Context } from 'koa';
import { HttpError } from '../../../../src/adapters/http/http-error.js';
import { bookedViaOf, managerOrToken } from '../../../../src/adapters/http/staff-roles.js';
import { CLINIC_ID } from '../../../support/clinic-builder.js';

/** A request's context as the authentication left it; a console session's access carries its staff. */
const asIf = (access: object) => ({ state: { access } }) as unknown as Context;
const frontDesk = asIf({ operator: false, clinicId: CLINIC_ID, staff: { staffId: 'stf_1', role: 'front-desk' } });
const manager = asIf({ operator: false, clinicId: CLINIC_ID, staff: { staffId: 'stf_2', role: 'manager' } });
const clinicToken = asIf({ operator: false, clinicId: CLINIC_ID });
const operator = asIf({ operator: true });

async function passes(ctx: Context): Promise<boolean | HttpError> {
  let reached = false;
  try {
    await managerOrToken(ctx, async () => {
      reached = true;
    });
  } catch (error) {
    return error as HttpError;
  }
  return reached;
}

describe('staff roles at the HTTP edge', () => {
  it('lets the operator, a clinic token and a manager through to what a manager decides', async () => {
    for (const ctx of [operator, clinicToken, manager]) expect(await passes(ctx)).to.equal(true);
  });

  it('refuses other staff with 403 MANAGER_ONLY', async () => {
    const refused = await passes(frontDesk);
    expect(refused).to.be.instanceOf(HttpError);
    expect(refused).to.include({ status: 403, code: 'MANAGER_ONLY' });
  });

  it('records a booking by signed-in staff as made in the console, and any other REST booking as the API', () => {
    expect([frontDesk, manager].map(bookedViaOf)).to.deep.equal(['console', 'console']);
    expect([clinicToken, operator].map(bookedViaOf)).to.deep.equal(['api', 'api']);
  });
});
