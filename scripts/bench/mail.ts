// Benchmark: the mail outbox delivering to a local SMTP server (smtp-server, in this process, behind the tests'
// fault-injecting front), with the production defaults (3 sessions, backoff from 2 s doubling to 10 min, jitter).
// Run with `npm run bench:mail`; BENCH_MAIL_MESSAGES (default 1000) and BENCH_MAIL_DOWN_SECONDS (default 60) change it.
//
// 1. Burst: every message enqueued at once (each written and fsynced first), then delivered. Prints the rate and
//    the delay from enqueue to the server's acceptance (p50/p95/p99).
// 2. Outage: the messages arrive over ten seconds; three seconds in, the SMTP server stops (open connections cut,
//    new ones refused) for BENCH_MAIL_DOWN_SECONDS, then comes back. Prints how long delivery took to resume, the
//    delays, and the counts that matter: lost (neither received nor flagged) and duplicates must both be 0. A
//    message whose answer the cut lost is left uncertain for staff, by design, and counted as such.
//
// Nothing is recorded on cases here (no case store): this measures sending.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../adapters/log/logger.ts';
import { openMailRuntime, type MailRuntime } from '../adapters/mail/mail-runtime.ts';
import type { MailEntry } from '../adapters/mail/mail-outbox.ts';
import { parseSmtpUrl } from '../core/config/mail-config.ts';
import type { MailRequest } from '../core/mail/mail-request.ts';
import { SmtpTestServer } from '../../test/mail/support/smtp-test-server.ts';

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 1_000);
const DOWN_SECONDS = Number(process.env.BENCH_MAIL_DOWN_SECONDS ?? 60);
const ARRIVAL_SECONDS = 10;
const DOWN_AT_SECONDS = 3;

function message(run: string, i: number): MailRequest {
  const reference = `RDR-BENCH-${run}-${String(i).padStart(5, '0')}`;
  return {
    key: `receipt:${reference}`,
    caseReference: reference,
    kind: 'receipt',
    to: `person${i}@example.com`,
    subject: `We have received your complaint ${reference}`,
    text: `Dear person ${i},\n\nWe have received your complaint. Your reference is ${reference}.\n\n${'What you told us, copied for your records. '.repeat(40)}\n`,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function open(server: SmtpTestServer): Promise<{ runtime: MailRuntime; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'redress-bench-mail-'));
  const parsed = parseSmtpUrl(server.url);
  if (!parsed.ok) throw new Error(parsed.problem);
  const runtime = await openMailRuntime({ mail: { smtp: parsed.smtp, from: { name: 'Bench', address: 'bench@example.org' } }, dataDir, log: silentLogger, startWorker: true });
  return { runtime, dataDir };
}

/** Waits until no message has anything left to do, and returns them all. */
async function settled(runtime: MailRuntime, count: number): Promise<MailEntry[]> {
  for (;;) {
    const { entries } = await runtime.outbox.list();
    if (entries.length >= count && entries.every((e) => e.status !== 'queued' && e.status !== 'sending')) return entries;
    await sleep(100);
  }
}

function report(title: string, server: SmtpTestServer, entries: MailEntry[], extra: string[] = []): boolean {
  const byId = new Map<string, number>();
  for (const mail of server.received) byId.set(mail.messageId, (byId.get(mail.messageId) ?? 0) + 1);
  const duplicates = [...byId.values()].filter((n) => n > 1).length;
  const uncertain = entries.filter((e) => e.status === 'uncertain');
  const lost = entries.filter((e) => !byId.has(e.messageId) && e.status !== 'uncertain');
  const sentNotReceived = entries.filter((e) => e.status === 'sent' && !byId.has(e.messageId));
  const firstAt = new Map<string, number>();
  for (const mail of server.received) if (!firstAt.has(mail.messageId)) firstAt.set(mail.messageId, mail.at);
  const delays = entries.filter((e) => firstAt.has(e.messageId)).map((e) => (firstAt.get(e.messageId) as number) - Date.parse(e.queuedAt)).sort((a, b) => a - b);
  const start = Math.min(...entries.map((e) => Date.parse(e.queuedAt)));
  const end = Math.max(...firstAt.values());
  const seconds = (end - start) / 1000;
  console.log(`\n${title}`);
  console.log(`  messages: ${entries.length}; received once: ${[...byId.values()].filter((n) => n === 1).length}; duplicates: ${duplicates}; lost: ${lost.length}`);
  console.log(`  uncertain, left for staff: ${uncertain.length} (of which the server had received ${uncertain.filter((e) => byId.has(e.messageId)).length}); failed: ${entries.filter((e) => e.status === 'failed').length}`);
  console.log(`  first enqueue to last acceptance: ${seconds.toFixed(1)} s, ${(delays.length / seconds).toFixed(0)} messages a second`);
  console.log(`  delay from enqueue to acceptance: p50 ${percentile(delays, 50)} ms, p95 ${percentile(delays, 95)} ms, p99 ${percentile(delays, 99)} ms, max ${delays.at(-1)} ms`);
  for (const line of extra) console.log(`  ${line}`);
  return duplicates === 0 && lost.length === 0 && sentNotReceived.length === 0;
}

async function burst(): Promise<boolean> {
  const server = await SmtpTestServer.start();
  const { runtime, dataDir } = await open(server);
  try {
    const started = Date.now();
    for (let i = 0; i < MESSAGES; i += 1) await runtime.enqueue(message('A', i));
    const enqueued = (Date.now() - started) / 1000;
    const entries = await settled(runtime, MESSAGES);
    return report(`1. Burst: ${MESSAGES} messages enqueued at once`, server, entries, [`enqueueing (each written and fsynced): ${enqueued.toFixed(1)} s, ${(MESSAGES / enqueued).toFixed(0)} a second`]);
  } finally {
    await runtime.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function outage(): Promise<boolean> {
  const server = await SmtpTestServer.start();
  const { runtime, dataDir } = await open(server);
  try {
    const started = Date.now();
    let downAt = 0;
    let upAt = 0;
    const outageDone = (async () => {
      await sleep(DOWN_AT_SECONDS * 1000);
      downAt = Date.now();
      await server.down();
      await sleep(DOWN_SECONDS * 1000);
      await server.up();
      upAt = Date.now();
    })();
    for (let i = 0; i < MESSAGES; i += 1) {
      await runtime.enqueue(message('B', i));
      const due = started + ((i + 1) * ARRIVAL_SECONDS * 1000) / MESSAGES;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await outageDone;
    const receivedBeforeUp = server.received.length;
    const entries = await settled(runtime, MESSAGES);
    const resumed = server.received.slice(receivedBeforeUp)[0]?.at ?? Number.NaN;
    const lastAt = Math.max(...server.received.map((m) => m.at));
    return report(`2. Outage: ${MESSAGES} messages over ${ARRIVAL_SECONDS} s, the SMTP server down from ${DOWN_AT_SECONDS} s for ${DOWN_SECONDS} s`, server, entries, [
      `received before the outage: ${server.received.filter((m) => m.at < downAt).length}; server back after ${((upAt - downAt) / 1000).toFixed(1)} s`,
      `first delivery after it came back: ${((resumed - upAt) / 1000).toFixed(1)} s later (the backoff step then running); all delivered ${((lastAt - upAt) / 1000).toFixed(1)} s after it came back`,
    ]);
  } finally {
    await runtime.close();
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

console.log(`Mail outbox benchmark: ${MESSAGES} messages to a local SMTP server; ${os.cpus().length} CPUs, Node ${process.version}.`);
if (DOWN_SECONDS !== 60) console.log(`The outage is ${DOWN_SECONDS} s, not a minute (BENCH_MAIL_DOWN_SECONDS): the backoff it exercises is shorter too.`);
const ok = [await burst(), await outage()].every(Boolean);
console.log(ok ? '\nNo message lost, none delivered twice.' : '\nFAILED: a message was lost or delivered twice.');
process.exitCode = ok ? 0 : 1;
