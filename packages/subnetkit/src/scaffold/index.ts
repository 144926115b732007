/** `subnetkit new`: scaffold a subnet project from a template. */
export type { DependencySource } from './dependencies.js';
export { ScaffoldError, type ScaffoldErrorCode } from './errors.js';
export { type PromptScaffoldParametersOptions, promptScaffoldParameters } from './prompt.js';
export { type ScaffoldSubnetParameters, type ScaffoldSubnetReturnType, scaffoldSubnet } from './scaffold-subnet.js';
export { type ScaffoldTemplate, type ScaffoldTemplateName, scaffoldTemplates } from './templates.js';
