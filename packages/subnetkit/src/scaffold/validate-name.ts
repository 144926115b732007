/**
 * npm's package-name rules (the ones `npm publish` enforces for new packages): at most 214 characters, lowercase,
 * URL-safe characters only, no leading dot or underscore, an optional `@scope/`, and not a Node built-in module.
 */
import { builtinModules } from 'node:module';

const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Why `name` cannot be an npm package name, or undefined when it can. */
export function packageNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  if (name.length > 214) return `it is ${name.length} characters long (npm allows 214)`;
  if (name.trim() !== name) return 'it has leading or trailing spaces';
  if (name !== name.toLowerCase()) return 'it has capital letters (npm names are lowercase)';
  if (/^[._]/.test(name)) return 'it starts with a dot or an underscore';
  if (builtinModules.includes(name) || name === 'node_modules' || name === 'favicon.ico')
    return 'it is a reserved name (a Node built-in module or npm-reserved)';
  if (!NAME.test(name))
    return 'it may hold only lowercase letters, digits, "-", ".", "_" and "~", with an optional @scope/ prefix';
  return undefined;
}

/** A package name derived from a directory name: lowercased, runs of other characters turned into "-". */
export function nameFromDir(dirName: string): string {
  return dirName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[-._~]+|-+$/g, '');
}
