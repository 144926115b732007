/**
 * Installs packed workspace tarballs into a fresh project with no registry: the project's package-lock.json is
 * derived from the repository's own, so every third-party package is the exact version (and integrity) that `npm ci`
 * already put in the npm cache, and `npm ci --offline` needs nothing else. Packages reachable only from the
 * repository's dev tools (tsx, biome, knip…) are left out.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** One packed workspace package: its name, the workspace folder it came from, and the tarball. */
export interface PackedPackage {
  name: string;
  dir: string; // e.g. packages/axon
  filename: string; // the tarball's file name inside <project>/tarballs
  integrity: string;
}

export interface ConsumerProject {
  /** Runtime dependencies of the consumer: names of packed packages. */
  dependencies: string[];
  /** Development dependencies taken from the repository's lockfile at its versions (e.g. typescript). */
  devDependencies: string[];
}

function resolveFrom(packages: Record<string, LockEntry>, location: string, dep: string): string | undefined {
  let at = location;
  for (;;) {
    const candidate = at ? `${at}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[candidate]) return candidate;
    if (!at) return undefined;
    const cut = at.lastIndexOf('/node_modules/');
    at = cut === -1 ? '' : at.slice(0, cut);
  }
}

/** Writes <projectDir>/package.json and package-lock.json for `npm ci --offline`. */
export function writeConsumerProject(
  repoRoot: string,
  projectDir: string,
  packed: PackedPackage[],
  project: ConsumerProject,
): void {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const source = lock.packages;
  const byName = new Map(packed.map((p) => [p.name, p]));

  // The repository's tree with each workspace link replaced by its tarball.
  const tree: Record<string, LockEntry> = {};
  for (const [location, entry] of Object.entries(source)) {
    if (location === '' || location.startsWith('packages/')) continue;
    const name = location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const pkg = entry.link ? byName.get(name) : undefined;
    if (entry.link && !pkg) continue; // a workspace that was not packed
    if (!pkg) {
      tree[location] = entry;
      continue;
    }
    const manifest = JSON.parse(readFileSync(join(repoRoot, pkg.dir, 'package.json'), 'utf8')) as LockEntry;
    const { name: _n, link: _l, resolved: _r, ...workspace } = source[pkg.dir] ?? {};
    tree[location] = {
      ...workspace,
      version: manifest.version,
      resolved: `file:tarballs/${pkg.filename}`,
      integrity: pkg.integrity,
    };
  }

  const rootEntry: LockEntry = {
    name: 'subnetkit-consumer',
    version: '0.0.0',
    dependencies: Object.fromEntries(
      project.dependencies.map((n) => [n, `file:tarballs/${byName.get(n)?.filename ?? n}`]),
    ),
    devDependencies: Object.fromEntries(
      project.devDependencies.map((n) => [n, String(source[`node_modules/${n}`]?.version)]),
    ),
  };

  // Keep only what the consumer's dependencies reach.
  const keep = new Set<string>();
  const visit = (location: string, entry: LockEntry) => {
    const deps = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...entry.peerDependencies,
      ...(location === '' ? (entry.devDependencies as Record<string, string>) : {}),
    };
    for (const dep of Object.keys(deps)) {
      const at = resolveFrom(tree, location, dep);
      if (!at) {
        // An optional (e.g. another platform's) package the repository's lockfile does not hold: not expected here.
        if (entry.optionalDependencies?.[dep] !== undefined) {
          const { [dep]: _absent, ...rest } = entry.optionalDependencies;
          entry.optionalDependencies = rest;
        }
        continue;
      }
      if (keep.has(at)) continue;
      keep.add(at);
      visit(at, tree[at] as LockEntry);
    }
  };
  visit('', rootEntry);

  const packages: Record<string, LockEntry> = { '': rootEntry };
  for (const location of Object.keys(tree).sort())
    if (keep.has(location)) packages[location] = tree[location] as LockEntry;
  const { name: _n, version: _v, ...manifest } = rootEntry;
  writeFileSync(
    join(projectDir, 'package.json'),
    `${JSON.stringify({ name: rootEntry.name, version: rootEntry.version, private: true, type: 'module', ...manifest }, null, 2)}\n`,
  );
  writeFileSync(
    join(projectDir, 'package-lock.json'),
    `${JSON.stringify({ name: rootEntry.name, version: rootEntry.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}
