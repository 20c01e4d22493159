#!/usr/bin/env node
// Prints the closing line CI reads ("tests: N passed, N failed") from vitest's JSON report, and fails when
// the run executed no test or skipped any (tests here never skip: a missing service is a failure).
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(new URL('../.vitest-results.json', import.meta.url), 'utf8'));
const {
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: skipped,
  numTodoTests: todo,
} = report;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped + todo} skipped`);
if (failed || skipped || todo || passed === 0) process.exit(1);
