#!/usr/bin/env node
// Entry point of `npx redress`: builds the real context and hands over to main().
import { createInterface } from 'node:readline/promises';
import { main } from './main.ts';

const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
  now: () => Date.now(),
  isTerminal: process.stderr.isTTY === true,
  interrupts: () => {
    const controller = new AbortController();
    const stop = () => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    return controller.signal;
  },
  readStdin: async () => (process.stdin.isTTY ? '' : Buffer.concat(await process.stdin.toArray()).toString('utf8')),
  ...(interactive
    ? {
        ask: async (question: string) => {
          const prompt = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return (await prompt.question(question)).trim();
          } finally {
            prompt.close();
          }
        },
      }
    : {}),
});
