// The workflows install with `npm ci`, which refuses a lockfile that does not resolve every dependency of
// every package it lists. `npm install` run on one platform can drop the optional packages of the others
// (native bindings for macOS, Windows, WebAssembly), and the hourly sweep would then fail to install.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
interface Lockfile {
  packages: Record<string, LockEntry>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Every dependency the lockfile names but does not resolve, as "where → name". Node's lookup: the package's own
 * node_modules, then each enclosing one, up to the top.
 */
function unresolved(lock: Lockfile): string[] {
  const missing: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    const names = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...(key === '' ? Object.keys(entry.devDependencies ?? {}) : [])];
    const nesting = key.split(/(?:^|\/)node_modules\//).filter(Boolean);
    for (const name of names) {
      const candidates = nesting.map((_, depth) => nesting.slice(0, nesting.length - depth).map((p) => `node_modules/${p}/`).join('')).concat('');
      if (!candidates.some((base) => lock.packages[`${base}node_modules/${name}`])) missing.push(`${key || '(root)'} → ${name}`);
    }
  }
  return missing;
}

describe('package-lock.json', () => {
  const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;

  test('resolves every dependency, the optional ones of other platforms too, so npm ci accepts it', () => {
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
    expect(unresolved(lock)).toEqual([]);
  });

  test('the check finds a platform binding left out, and a dependency resolved only in a sibling\'s folder', () => {
    const packages = structuredClone(lock.packages);
    const binding = Object.keys(packages).find((key) => key.endsWith('/@astrojs/compiler-binding-darwin-arm64'));
    expect(binding).toBeDefined();
    delete packages[binding!];
    packages['node_modules/a'] = { dependencies: { b: '1.0.0' } };
    packages['node_modules/c/node_modules/b'] = {};
    expect(unresolved({ packages })).toEqual(['node_modules/@astrojs/compiler-binding → @astrojs/compiler-binding-darwin-arm64', 'node_modules/a → b']);
  });
});
