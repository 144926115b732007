/** `npm run docs:cli -w subnetkit`: writes docs/cli.md from the command definitions. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cliReference } from '../src/cli/reference.js';

const target = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));
writeFileSync(target, cliReference());
console.log(`wrote ${target}`);
