/**
 * `subnetkit new <dir>`: writes a small subnet project — protocol, miner, validator, reward, tests, a localnet `dev`
 * script, README, package.json, tsconfig.json, .gitignore — from one of the templates.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { type DependencySource, projectDependencies, resolveDependencySource } from './dependencies.js';
import { ScaffoldError } from './errors.js';
import { packageJson, tsconfigJson } from './project-files.js';
import { readTemplate } from './template-files.js';
import { isTemplateName, type ScaffoldTemplateName, scaffoldTemplates } from './templates.js';
import { nameFromDir, packageNameProblem } from './validate-name.js';

export interface ScaffoldSubnetParameters {
  /** Where to write the project (created when missing). Relative paths are taken from the current directory. */
  dir: string;
  /** The project's npm package name. Default: derived from the directory's name. */
  name?: string;
  template: ScaffoldTemplateName;
  /** `workspace`: `file:` links into this subnetkit checkout; `registry`: npm versions. Default: workspace when
   * subnetkit runs from a checkout, registry otherwise. */
  dependencies?: DependencySource;
  /** Write into a directory that already holds files (files of the same name are replaced, others kept). */
  force?: boolean;
}

export interface ScaffoldSubnetReturnType {
  /** The project's absolute path. */
  dir: string;
  /** The files written, relative to `dir`, sorted. */
  files: string[];
  /** The commands to run next, one per line (`cd …`, `npm install`, `npm run dev`, `npm test`). */
  nextSteps: string[];
}

function checkTemplate(template: unknown): ScaffoldTemplateName {
  if (typeof template === 'string' && isTemplateName(template)) return template;
  throw new ScaffoldError(
    'SCAFFOLD_UNKNOWN_TEMPLATE',
    `unknown template '${String(template)}': use one of ${scaffoldTemplates.map((t) => t.name).join(', ')}`,
  );
}

function checkName(name: string | undefined, dir: string): string {
  const chosen = name ?? nameFromDir(basename(dir));
  const problem = packageNameProblem(chosen);
  if (!problem) return chosen;
  throw new ScaffoldError(
    'SCAFFOLD_INVALID_NAME',
    `'${chosen}' is not a valid npm package name: ${problem}`,
    name === undefined ? { metaMessages: [`It comes from the directory name; pass a name (--name my-subnet).`] } : {},
  );
}

function checkTarget(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory())
    throw new ScaffoldError('SCAFFOLD_INVALID_TARGET', `${dir} exists and is not a directory`);
  const entries = readdirSync(dir);
  if (entries.length === 0 || force) return;
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  throw new ScaffoldError('SCAFFOLD_TARGET_NOT_EMPTY', `${dir} is not empty (${shown})`, {
    metaMessages: ['Choose a new or empty directory, or pass --force to write the project files into it anyway.'],
  });
}

/**
 * Writes the project. Everything is checked (template, name, target, dependencies, template files) before the first
 * file is written.
 *
 * @example
 * const { dir, nextSteps } = await scaffoldSubnet({ dir: 'my-subnet', template: 'basic' });
 * console.log(nextSteps.join('\n')); // cd my-subnet / npm install / npm run dev / npm test
 */
export async function scaffoldSubnet(parameters: ScaffoldSubnetParameters): Promise<ScaffoldSubnetReturnType> {
  if (typeof parameters?.dir !== 'string' || parameters.dir.trim() === '')
    throw new ScaffoldError('SCAFFOLD_INVALID_TARGET', 'no target directory given: subnetkit new <dir>');
  const template = checkTemplate(parameters.template);
  const dir = resolve(parameters.dir);
  const name = checkName(parameters.name, dir);
  checkTarget(dir, parameters.force === true);
  const { source } = resolveDependencySource(parameters.dependencies);
  const deps = projectDependencies(template, source);
  const description = scaffoldTemplates.find((t) => t.name === template)?.description ?? '';
  const files = readTemplate(template, { name, template, description });
  const testFiles = files.map((f) => f.path).filter((p) => /^test\/[^/]+\.test\.ts$/.test(p));
  files.push(
    { path: 'package.json', text: packageJson(name, deps, testFiles) },
    { path: 'tsconfig.json', text: tsconfigJson(deps) },
  );

  for (const file of files) {
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
  const shown = relative(process.cwd(), dir);
  const cdPath = shown === '' ? '.' : shown.startsWith('..') || isAbsolute(shown) ? dir : shown;
  return {
    dir,
    files: files.map((f) => f.path).sort(),
    nextSteps: [`cd ${cdPath}`, 'npm install', 'npm run dev', 'npm test'],
  };
}
