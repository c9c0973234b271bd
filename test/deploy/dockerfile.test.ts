/**
 * The container image definition (Dockerfile, .dockerignore), read instruction by instruction. It cannot be built
 * here: `docker build` needs a container engine's daemon and the node:24-slim base image from Docker Hub, and this
 * machine has neither (no daemon, no network but the npm registry and Debian's mirrors). So these tests check what
 * can be known without building: the base image, how packages are installed, the user, the volume, the health
 * check, that no secret is baked in, and that every file it copies exists and reaches the builder.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, test } from 'vitest';
import { SECRETS } from '../../scripts/core/config/config-schema.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** The instructions in order: continuation lines joined, comments and blank lines dropped. */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  for (const [index, raw] of text.split('\n').entries()) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || (trimmed === '' && !pending)) continue;
    const continued = trimmed.endsWith('\\');
    const part = continued ? trimmed.slice(0, -1).trim() : trimmed;
    pending = pending ? { text: `${pending.text} ${part}`, line: pending.line } : { text: part, line: index + 1 };
    if (continued) continue;
    const match = /^([A-Za-z]+)\s+(.*)$/.exec(pending.text);
    if (!match) throw new Error(`Dockerfile:${pending.line}: not an instruction: ${pending.text}`);
    instructions.push({ keyword: (match[1] as string).toUpperCase(), args: match[2] as string, line: pending.line });
    pending = undefined;
  }
  return instructions;
}

/** The stages, each with its instructions after FROM. */
function stages(instructions: Instruction[]): { from: string; name?: string; body: Instruction[] }[] {
  const result: { from: string; name?: string; body: Instruction[] }[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      result.push({ from: image as string, ...(as?.toUpperCase() === 'AS' ? { name } : {}), body: [] });
    } else {
      const current = result.at(-1);
      if (!current) throw new Error(`Dockerfile:${instruction.line}: ${instruction.keyword} before any FROM.`);
      current.body.push(instruction);
    }
  }
  return result;
}

/** KEY=value pairs of an ENV or ARG instruction (the `ENV KEY value` form too). */
function assignments(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [key, ...value] = args.split(/\s+/);
    return { [key as string]: value.join(' ') };
  }
  return Object.fromEntries(args.split(/\s+/).map((pair) => [pair.split('=')[0] as string, pair.split('=').slice(1).join('=')]));
}

/** The sources of a COPY from the build context (not --from another stage), and its flags. */
function copySources(args: string): { sources: string[]; fromStage: boolean } {
  const words = args.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  return { sources: paths.slice(0, -1), fromStage: flags.some((flag) => flag.startsWith('--from=')) };
}

const DOCKERFILE = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
const instructions = parseDockerfile(DOCKERFILE);
const allStages = stages(instructions);
const final = allStages.at(-1) as { from: string; body: Instruction[] };
const of = (body: Instruction[], keyword: string) => body.filter((instruction) => instruction.keyword === keyword);

describe('the Dockerfile', () => {
  test('builds on Node 24, every stage', () => {
    expect(allStages.length).toBeGreaterThan(0);
    for (const stage of allStages) expect(stage.from).toMatch(/^node:24(-[a-z]+)*$/);
  });

  test('installs exactly the lockfile’s packages with no install script, then builds the site', () => {
    const runs = instructions.filter((instruction) => instruction.keyword === 'RUN');
    const installs = runs.filter((run) => /\bnpm (ci|install|i)\b/.test(run.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) {
      expect(install.args, `Dockerfile:${install.line}`).toMatch(/\bnpm ci\b/);
      expect(install.args, `Dockerfile:${install.line}`).toContain('--ignore-scripts');
    }
    const build = runs.find((run) => /\bnpm run build\b/.test(run.args));
    expect(build?.line).toBeGreaterThan(installs[0]?.line ?? Infinity);
  });

  test('runs the server as an unprivileged user, listening on every address of the container', () => {
    const users = of(final.body, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)?.args).not.toMatch(/^(root|0)(:|$)/);
    const env = Object.assign({}, ...of(final.body, 'ENV').map((instruction) => assignments(instruction.args))) as Record<string, string>;
    expect(env.HOST).toBe('0.0.0.0');
    expect(of(final.body, 'CMD').at(-1)?.args).toBe('["node", "scripts/server/start.ts"]');
    expect(existsSync(path.join(ROOT, 'scripts/server/start.ts'))).toBe(true);
  });

  test('keeps the data directory on a volume, made for the server’s user before it is declared', () => {
    const env = Object.assign({}, ...of(final.body, 'ENV').map((instruction) => assignments(instruction.args))) as Record<string, string>;
    const dataDir = env.REDRESS_DATA_DIR as string;
    expect(dataDir).toMatch(/^\//);
    const volume = of(final.body, 'VOLUME').at(-1);
    expect(volume?.args.split(/\s+/)).toContain(dataDir);
    const user = of(final.body, 'USER').at(-1)?.args as string;
    // Changes to a folder after VOLUME declares it are thrown away: the ownership must be set before.
    const chown = of(final.body, 'RUN').find((run) => run.args.includes(`chown ${user}:${user} ${dataDir}`));
    expect(chown?.line).toBeLessThan(volume?.line ?? 0);
  });

  test('checks its health at /healthz with a script Node can run', () => {
    const healthcheck = of(final.body, 'HEALTHCHECK').at(-1);
    const command = /CMD (\[.*\])$/.exec(healthcheck?.args ?? '')?.[1];
    const argv = JSON.parse(command ?? 'null') as string[];
    expect(argv.slice(0, 2)).toEqual(['node', '-e']);
    expect(argv[2]).toContain('/healthz');
    expect(() => new vm.Script(argv[2] as string)).not.toThrow();
  });

  test('bakes in no secret: no ENV or ARG with a secret’s name', () => {
    const names = instructions.filter((instruction) => instruction.keyword === 'ENV' || instruction.keyword === 'ARG').flatMap((instruction) => Object.keys(assignments(instruction.args)));
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => SECRETS.has(name) || /TOKEN|SECRET|PASSWORD|SMTP_URL|KEY/.test(name))).toEqual([]);
  });

  test('copies only files that exist, or the organisation file where there is one', () => {
    const sources = instructions.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => copySources(instruction.args)).filter((copy) => !copy.fromStage).flatMap((copy) => copy.sources);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      // A pattern matching nothing copies nothing: the one allowed is redress.yaml, absent in a demonstration.
      if (/[*?[]/.test(source)) expect(source).toBe('redress.yam[l]');
      else expect(existsSync(path.join(ROOT, source)), source).toBe(true);
    }
  });

  test('.dockerignore lets in everything the Dockerfile copies, and nothing else', () => {
    const rules = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
    expect(rules[0]).toBe('*');
    const letIn = rules.slice(1).map((rule) => {
      expect(rule.startsWith('!'), rule).toBe(true);
      return rule.slice(1).replace(/\/$/, '');
    });
    const sources = instructions.filter((instruction) => instruction.keyword === 'COPY').map((instruction) => copySources(instruction.args)).filter((copy) => !copy.fromStage).flatMap((copy) => copy.sources).map((source) => source.replace('redress.yam[l]', 'redress.yaml'));
    expect([...letIn].sort()).toEqual([...new Set(sources)].sort());
    for (const kept of ['.redress', '.env', 'node_modules', 'dist', '.git', 'cases', 'deploy']) expect(letIn).not.toContain(kept);
  });
});
