'use strict';
/** One autocannon run: requests/s, p50, p99, and errors (anything but the expected status). */
const autocannon = require('autocannon');

function run(target, seconds, connections) {
  return new Promise((resolve, reject) => {
    autocannon({ ...target.request, connections, duration: seconds }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summarize(target, result, connections) {
  const ok = result.statusCodeStats?.[target.expect]?.count ?? 0;
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    // autocannon records whole milliseconds; with a closed loop of N connections the mean latency is
    // N / throughput (Little's law), which keeps the fraction of a millisecond.
    mean: (connections * 1000) / result.requests.average,
    errors: result.errors + result.timeouts + (result.requests.total - ok),
  };
}

/** Runs every target once per round, in turn, so machine drift affects all alike; keeps each round. */
async function interleaved(targets, { rounds, seconds, connections }) {
  const samples = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const target of targets) samples[target.name].push(summarize(target, await run(target, seconds, connections), connections));
  }
  return samples;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median of the rounds for each figure; errors are summed. */
function combine(rounds) {
  return {
    rps: Math.round(median(rounds.map((r) => r.rps))),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    mean: +median(rounds.map((r) => r.mean)).toFixed(2),
    requests: rounds.reduce((sum, r) => sum + r.requests, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
  };
}

module.exports = { interleaved, combine, median };
