/**
 * Test fixture, loaded with `node --require` in front of dist/db/migrate-cli.js: it loads the CLI's
 * modules first, then sleeps until START_AT (epoch ms), so processes started a little apart begin
 * migrating in the same millisecond instead of one after the other.
 */
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
require('dotenv');
require(path.join(root, 'dist/config.js'));
require(path.join(root, 'dist/db/index.js'));

const startAt = Number(process.env.START_AT);
const wait = startAt - Date.now();
if (wait > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
