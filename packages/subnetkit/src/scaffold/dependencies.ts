/**
 * Where the generated project's dependencies come from. `workspace`: this subnetkit checkout — every dependency is a
 * `file:` link into it (its packages, and its node_modules for third-party ones), so `npm install` needs no network
 * and the project shares the checkout's single copy of each package (two copies of tfjs-core or @polkadot/util would
 * not work together). `registry`: npm, at this release's exact version.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScaffoldError } from './errors.js';
import { DEV_DEPENDENCIES, type ScaffoldTemplateName, templateDependencies } from './templates.js';

export type DependencySource = 'workspace' | 'registry';

/** Versions used from the registry for what is not a subnetkit package (the repository's known-good ones). */
const REGISTRY_VERSIONS: Record<string, string> = {
  '@tensorflow/tfjs-layers': '4.22.0',
  '@types/node': '^20.19.0',
  pino: '^10.4.0',
  tsx: '^4.23.0',
  typescript: '5.9.3',
};

/** This module's package (`packages/subnetkit` in a checkout, `node_modules/subnetkit` when installed). */
const packageDir = fileURLToPath(new URL('../../', import.meta.url));

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The root of the subnetkit checkout this code runs from, or undefined when it runs from an installed package. */
export function findCheckout(): string | undefined {
  const root = resolve(packageDir, '..', '..');
  const manifest = readJson(join(root, 'package.json'));
  if (manifest?.name !== 'subnetkit-monorepo' || !Array.isArray(manifest.workspaces)) return undefined;
  return existsSync(join(root, 'packages', 'subnetkit', 'package.json')) ? root : undefined;
}

/** The version of this subnetkit release (all packages share it). */
export function subnetkitVersion(): string {
  const version = readJson(join(packageDir, 'package.json'))?.version;
  if (typeof version !== 'string') throw new Error(`cannot read the version from ${packageDir}package.json`);
  return version;
}

export interface ProjectDependencies {
  source: DependencySource;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  /** The checkout's chain-spec search path (absolute), so the project's localnet finds the spec offline. */
  chainSpecSearchPath?: string[];
}

export function resolveDependencySource(requested: DependencySource | undefined): {
  source: DependencySource;
  checkout?: string;
} {
  if (requested !== undefined && requested !== 'workspace' && requested !== 'registry')
    throw new ScaffoldError(
      'SCAFFOLD_INVALID_DEPENDENCIES',
      `dependencies must be 'workspace' or 'registry', got '${String(requested)}'`,
    );
  const checkout = findCheckout();
  if (requested === 'workspace' && !checkout)
    throw new ScaffoldError(
      'SCAFFOLD_INVALID_DEPENDENCIES',
      "dependencies 'workspace' needs subnetkit to run from a checkout of its repository; this one is installed from npm: use 'registry'",
    );
  const source = requested ?? (checkout ? 'workspace' : 'registry');
  return source === 'workspace' && checkout ? { source, checkout } : { source: 'registry' };
}

export function projectDependencies(template: ScaffoldTemplateName, source: DependencySource): ProjectDependencies {
  const resolved = resolveDependencySource(source);
  const names = templateDependencies(template);
  if (!resolved.checkout) {
    const version = subnetkitVersion();
    const spec = (name: string) => REGISTRY_VERSIONS[name] ?? version;
    return {
      source: 'registry',
      dependencies: Object.fromEntries(names.map((n) => [n, spec(n)])),
      devDependencies: Object.fromEntries(DEV_DEPENDENCIES.map((n) => [n, spec(n)])),
    };
  }
  const checkout = resolved.checkout;
  const link = (name: string): string => {
    const workspace =
      name === 'subnetkit' ? 'subnetkit' : name.startsWith('@subnetkit/') ? name.slice('@subnetkit/'.length) : null;
    const dir = workspace ? join(checkout, 'packages', workspace) : join(checkout, 'node_modules', name);
    if (!existsSync(join(dir, 'package.json')))
      throw new ScaffoldError('SCAFFOLD_INVALID_DEPENDENCIES', `the checkout at ${checkout} has no ${name} (${dir})`, {
        metaMessages: ['Run `npm ci` in the checkout first, or pass dependencies: registry.'],
      });
    return `file:${dir}`;
  };
  const rootManifest = readJson(join(checkout, 'package.json')) as { subnetkit?: { chainSpecSearchPath?: unknown } };
  const searchPath = rootManifest?.subnetkit?.chainSpecSearchPath;
  return {
    source: 'workspace',
    dependencies: Object.fromEntries(names.map((n) => [n, link(n)])),
    devDependencies: Object.fromEntries(DEV_DEPENDENCIES.map((n) => [n, link(n)])),
    ...(Array.isArray(searchPath)
      ? { chainSpecSearchPath: searchPath.filter((d) => typeof d === 'string').map((d) => resolve(checkout, d)) }
      : {}),
  };
}
