'use strict';
/**
 * The baseline: bare Express 5 + express-session on the same store the app uses by default
 * (SQLite), answering a tiny page. Whatever the app costs beyond this is the app's own.
 */
const express = require('express');
const session = require('express-session');
const { createSessionStore } = require('../dist/sessions/store');

const store = createSessionStore({ store: 'sqlite', dbPath: process.env.SESSION_DB_PATH, redisPrefix: 'unused:' });
const app = express();
app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
app.use(session({
  name: 'baseline.sid', secret: 'baseline-secret-baseline-secret-00', store, resave: false, saveUninitialized: false, rolling: true,
  cookie: { httpOnly: true, sameSite: 'lax', maxAge: 3600_000 },
}));
app.get('/login', (req, res) => {
  req.session.user = 'bench';
  res.send('ok');
});
app.get('/', (req, res) => res.send(`<!doctype html><title>baseline</title><p>Hello ${req.session.user ?? 'anonymous'}</p>`));
const server = app.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => store.close().then(() => process.exit(0))));
