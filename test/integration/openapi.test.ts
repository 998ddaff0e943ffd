import { expect } from 'chai';
import type Koa from 'koa';
import { loadConfig } from '../../config/load-config.js';
import { openApiDocument } from '../../src/adapters/http/openapi.js';
import { buildContainer } from '../../src/container.js';
import { aClinic } from '../support/clinic-builder.js';
import { FixedClock } from '../support/fixed-clock.js';
import { ALICE } from '../support/patients.js';
import { PROJECT_ROOT } from '../support/server-process.js';
import { silentLogger, startTestServer, type TestServer } from '../support/test-server.js';
import { MONDAY_8AM } from '../support/times.js';

type Schema = Record<string, any>;
const doc = openApiDocument as unknown as Schema;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The JSON-schema subset the document uses: $ref, type, const, enum, properties, required, additionalProperties, items, maxLength. */
function problems(schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref) return problems(doc.components.schemas[String(schema.$ref).split('/').at(-1)!], value, at);
  const typeOf = (v: unknown) =>
    v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
  if (schema.type !== undefined) {
    const types = [schema.type].flat();
    const actual = typeOf(value);
    if (!(types.includes(actual) || (actual === 'integer' && types.includes('number'))))
      return [`${at}: expected ${types.join(' or ')}, got ${actual}`];
  }
  if ('const' in schema && value !== schema.const) return [`${at}: expected ${schema.const}`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: expected one of ${schema.enum.join(', ')}`];
  if (typeof value === 'string' && schema.maxLength !== undefined && value.length > schema.maxLength)
    return [`${at}: longer than ${schema.maxLength}`];
  if (Array.isArray(value) && schema.items)
    return value.flatMap((item, i) => problems(schema.items, item, `${at}[${i}]`));
  if (typeOf(value) === 'object' && schema.properties) {
    const record = value as Record<string, unknown>;
    return [
      ...(schema.required ?? [])
        .filter((key: string) => !(key in record))
        .map((key: string) => `${at}.${key}: missing`),
      ...Object.entries(record).flatMap(([key, field]) =>
        key in schema.properties
          ? problems(schema.properties[key], field, `${at}.${key}`)
          : schema.additionalProperties === false
            ? [`${at}.${key}: not in the schema`]
            : [],
      ),
    ];
  }
  return [];
}

const operations = () =>
  Object.entries(doc.paths as Record<string, Schema>).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] })),
  );

/** Every method and path the API router serves, read from @koa/router's stack, as OpenAPI names them. */
function servedRoutes(app: Koa): string[] {
  const routers = app.middleware.flatMap((middleware) => {
    const { router } = middleware as { router?: { stack: { methods: string[]; path: string }[] } };
    return router ? [router] : [];
  });
  return routers.flatMap((router) =>
    router.stack.flatMap(({ methods, path }) =>
      methods
        .filter((method) => method !== 'HEAD')
        .map((method) => `${method} ${path.replace(/^\/api\/v1/, '').replace(/:(\w+)/g, '{$1}')}`),
    ),
  );
}

describe('the OpenAPI document', () => {
  it('documents every route the API serves, and serves every route it documents', () => {
    // With SNS configured, so that every optional route is mounted.
    const config = {
      ...loadConfig({ STORAGE: 'memory' }, PROJECT_ROOT),
      clinic: aClinic(),
      snsTopicArn: 'arn:aws:sns:us-east-1:123456789012:sms',
    };
    const container = buildContainer(config, { clock: new FixedClock(MONDAY_8AM), logger: silentLogger });
    const served = servedRoutes(container.get<Koa>(Symbol.for('HttpApp')));
    const documented = operations().map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(served).to.have.length.above(10);
    expect([...documented].sort()).to.deep.equal([...new Set(served)].sort());
  });

  it('has examples that fit their own schemas', () => {
    const examples = operations().flatMap(({ path, method, operation }) => [
      ...Object.values(operation.requestBody?.content ?? {}).map((media: any) => ({
        at: `${method} ${path} body`,
        media,
      })),
      ...Object.entries(operation.responses).flatMap(([status, response]: [string, any]) =>
        Object.values(response.content ?? {}).map((media: any) => ({ at: `${method} ${path} ${status}`, media })),
      ),
    ]);
    const checked = examples.filter(({ media }) => media.example !== undefined);
    expect(checked).to.have.length.above(10);
    for (const { at, media } of checked) expect(problems(media.schema, media.example), at).to.deep.equal([]);
  });

  it('rejects an example that does not fit, so the check above checks something', () => {
    const appointment = { $ref: '#/components/schemas/Appointment' };
    expect(problems(appointment, { appointmentId: 'apt_1', patient: ALICE })).to.include.members([
      '$.slotId: missing',
      '$.patient: not in the schema',
    ]);
  });

  describe('against the running server', () => {
    let server: TestServer;
    beforeEach(async () => {
      server = await startTestServer();
    });
    afterEach(() => server.close());

    const responseSchema = (method: string, path: string, status: number) =>
      doc.paths[path][method].responses[String(status)].content['application/json'].schema;
    async function expectDocumented(method: string, path: string, url: string, body?: unknown) {
      // Sent by hand: the test server's client takes the request id out of error bodies.
      const answer = await fetch(`${server.url}/api/v1${url}`, {
        method: method.toUpperCase(),
        ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
      });
      const response = { status: answer.status, body: await answer.json() };
      expect(problems(responseSchema(method, path, response.status), response.body), `${method} ${url}`).to.deep.equal(
        [],
      );
      return response;
    }

    it('is served at /api/v1/openapi.json', async () => {
      expect(await server.request('GET', '/api/v1/openapi.json')).to.deep.equal({
        status: 200,
        body: JSON.parse(JSON.stringify(openApiDocument)),
      });
    });

    it('describes what the server answers, each request sent as its documented example', async () => {
      /** Posts the path's documented example to `url` (the path, with its id filled in), answering the status. */
      const post = async (path: string, url = path) => {
        const example = doc.paths[path].post.requestBody.content['application/json'].example;
        return (await expectDocumented('post', path, url, example)).status;
      };
      await expectDocumented('get', '/slots', '/slots?date=2026-03-02');
      expect(await post('/slots/hold')).to.equal(201);
      const example = doc.paths['/appointments/confirm'].post.requestBody.content['application/json'].example;
      const booked = await expectDocumented('post', '/appointments/confirm', '/appointments/confirm', example);
      expect(booked.status).to.equal(201);
      const patient = encodeURIComponent(booked.body.phoneNumber);
      await expectDocumented('get', '/appointments', `/appointments?phoneNumber=${patient}`);
      await expectDocumented('get', '/patients/{phoneNumber}', `/patients/${patient}`);
      const id = booked.body.appointmentId;
      expect(await post('/appointments/{id}/reschedule', `/appointments/${id}/reschedule`)).to.equal(200);
      expect(await post('/appointments/{id}/cancel', `/appointments/${id}/cancel`)).to.equal(200);
      expect(await post('/appointments/{id}/cancel', `/appointments/${id}/cancel`)).to.equal(409);
      await expectDocumented('get', '/staff-callbacks', '/staff-callbacks');
      expect(await post('/staff-callbacks/resolve')).to.equal(404);
      expect(await post('/blocked-time')).to.equal(200);
      expect(await post('/blocked-time/remove')).to.equal(200);
      expect(await post('/chat')).to.equal(200);
      await expectDocumented('get', '/healthz', '/healthz');
      await expectDocumented('get', '/readyz', '/readyz');
    });
  });
});
