// Module resolve hook for running the CLI from the repository: adds the workspace's `subnetkit-source` export
// condition, so @subnetkit/* resolve to their TypeScript sources (no build). Not part of the published package.
export function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, 'subnetkit-source'] });
}
