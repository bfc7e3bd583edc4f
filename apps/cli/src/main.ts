#!/usr/bin/env node
/**
 * `iren`, the command-line client of IREN Exchange (README, "Command-line client"; docs/cli.md):
 * publish alerts, read and acknowledge the inbox, keep the subscription, read and verify the
 * ledger, print reports, manage nodes. Exit codes: exit-codes.ts.
 */
import { runCli } from './cli';
import type { CliIo } from './output';

const io: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  errIsTty: process.stderr.isTTY === true,
};

void runCli(process.argv.slice(2), io, process.env).then((code) => {
  process.exitCode = code;
});
