/**
 * The ceiling (issue 10, a): raw JetStream through the `@nats-io` clients — async publish with 256
 * in flight of 1 KiB payloads to a file-storage stream, and the same with a pull consumer acking
 * each message. The pipeline's figures are read against it. Prints figures; never asserts on time.
 *
 *   npm run build && node dist/bench/ceiling.bench.js [--quick] [--messages=100000] [--runs=5]
 *
 * Needs the local NATS; each run uses a stream of its own and deletes it.
 */
import { benchArgs, emitFigures } from './lib/emit';
import { CEILING_CASES, CEILING_DEFAULTS, ceilingRuns } from './lib/ceiling';
import { figureOf } from './lib/figures';

async function main(): Promise<void> {
  const args = benchArgs();
  const options = {
    messages: args.number('messages', 100_000, 10_000),
    inFlight: args.number('in-flight', CEILING_DEFAULTS.inFlight),
    payloadBytes: args.number('payload', CEILING_DEFAULTS.payloadBytes),
  };
  const runs = args.number('runs', 5, 3);
  console.log(`ceiling: ${runs} runs of ${options.messages} messages, node ${process.version}`);
  const { publish, publishConsume } = await ceilingRuns(runs, options);
  const note = `${options.messages.toLocaleString('en-US')} messages a run`;
  emitFigures([
    figureOf('ceiling', CEILING_CASES.publish(options), 'msgs/s', publish, note),
    figureOf('ceiling', CEILING_CASES.publishConsume(options), 'msgs/s', publishConsume, note),
  ]);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
