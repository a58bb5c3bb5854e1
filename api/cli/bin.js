#!/usr/bin/env node
// The CLI is TypeScript like the rest of the code; tsx compiles it on the fly so that
// `npx sijill` works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./sijill.ts');
process.exitCode = await main(process.argv.slice(2));
