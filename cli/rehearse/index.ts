export { ArtifactError, fetchArtifact, nomadEnvironment, startAllocation, type Allocation } from "./allocation.ts";
export { runCheck, type CheckResult } from "./checks.ts";
export { durationMs, interpolateRuntime, JobSpecError, parseHcl, readJobSpec, type JobSpec } from "./job-spec.ts";
export { documentedVariables, policyViolations, SECRET_VARIABLES } from "./policy.ts";
export { readVariablesFiles, RehearsalError, startRehearsal, type Rehearsal, type RehearsalOptions } from "./rehearsal.ts";
export { parseEnvFile, renderTemplate, TemplateError } from "./template.ts";
