import Koa from 'koa';

/**
 * The floor of `npm run bench:slots`: bare Koa in a process of its own, answering every request
 * with the JSON body it is sent once over IPC (serialised per request, as the server's is). What the
 * server does beyond this is what its own middleware, store and views cost.
 */

const app = new Koa();
let body: unknown;
app.use((ctx) => {
  ctx.body = body;
});
process.once('message', (message) => {
  body = message;
  const server = app.listen(Number(process.env.PORT), process.env.HOST, () => process.send!('listening'));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
});
