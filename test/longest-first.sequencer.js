// Jest's test order (jest.config.js, testSequencer): the fault scenarios first, longest first.
//
// They run for minutes each (a 4-minute PostgreSQL outage, a 2-minute NATS outage, five apps killed
// in turn), every other suite for seconds. Jest orders by the durations it cached on an earlier run;
// on a clean clone (CI) it has none and orders by file size, which starts the shortest fault file,
// the longest scenario, last of all, and one worker then runs it alone for its whole length.
const Sequencer = require('@jest/test-sequencer').default;

/** Minutes each fault file took in a CI run (2026-12-01, two workers); a file not listed counts as 1. */
const FAULT_MINUTES = {
  'postgres-outage': 5,
  'app-crashes': 4,
  'nats-outage': 4,
  'link-faults': 4,
  'national-site': 2.5,
  'scale-out': 2,
  'broker-tail': 1.5,
};

function faultMinutes(test) {
  if (test.context.config.displayName?.name !== 'faults') return 0;
  const name = test.path.split('/').pop().replace('.fault-spec.ts', '');
  return FAULT_MINUTES[name] ?? 1;
}

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const faults = tests.filter((test) => faultMinutes(test) > 0);
    const others = tests.filter((test) => faultMinutes(test) === 0);
    faults.sort((a, b) => faultMinutes(b) - faultMinutes(a));
    return [...faults, ...super.sort(others)];
  }
}

module.exports = LongestFirstSequencer;
