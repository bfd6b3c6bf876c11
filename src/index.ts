export { scan, ScanUsageError, type ScanOptions } from './scan.js';
export { renderReport, FORMATS, type Format } from '../reporters/index.js';
export { builtinRules } from '../rules/index.js';
// Input formats: a source is one folder (docs/architecture.md, "Adding an input format").
export { builtinSources } from './sources/registry.js';
export { emptyOutput, type Source, type SourceContext, type SourceOptions, type SourceOutput, type SourceWarning } from './sources/types.js';
export { builtinRegistries, type Registries } from './registries.js';
// Writing rules: plugins import these from 'resilint' (README, "Writing a rule").
export {
  defineRule,
  formatMessage,
  tierListOption,
  type At,
  type Rule,
  type RuleContext,
  type RuleDefinition,
  type RuleMeta,
  type SeverityByTier,
  type TierListOptions,
} from './engine/rule.js';
export {
  RuleTester,
  graph,
  policyWith,
  runRule,
  tier,
  GraphFixture,
  type ExpectedFinding,
  type ResourceSpec,
  type RuleTestCase,
  type RuleTests,
  type TestFramework,
} from './testing/rule-tester.js';
export { loadPlugin, PluginError, ruleProblems, type LoadedPlugin } from './plugins/load.js';
export { ResilintError } from './errors.js';
export type { Finding, ScanResult, Status, Summary } from './engine/result.js';
export { ResourceGraph } from './graph/graph.js';
export type * from './graph/types.js';
export { Unknown, isUnknown, findUnknown, type Maybe } from './graph/values.js';
export { SymbolicAz } from './graph/az.js';
export { compareAz, countDistinctAzs, azLabel } from './analysis/az.js';
export { loadPolicy, PolicyError } from './policy/load.js';
export { defaultPolicy } from './policy/defaults.js';
export type { CustomRuleCondition, CustomRuleSetting, Policy, Severity, TierAssignment, TierRequirements } from './policy/types.js';
