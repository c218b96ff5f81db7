// Prints the inputs table (from src/inputs/schema.ts) for the README: npm run docs:inputs.
import { inputsMarkdownTable } from '../src/inputs/docs.js';

process.stdout.write(inputsMarkdownTable());
