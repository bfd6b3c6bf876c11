/**
 * The rule test kit lives in src/testing/rule-tester.ts (exported from the
 * package as `RuleTester`); the repository's tests run it under vitest.
 */
import { describe, it } from 'vitest';
import { RuleTester } from '../../src/testing/rule-tester.js';

RuleTester.setFramework({ describe, it });

export * from '../../src/testing/rule-tester.js';
