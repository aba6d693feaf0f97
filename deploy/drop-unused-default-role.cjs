'use strict';

/**
 * serverless-iam-roles-per-function gives every function a role of its own, but the framework still
 * compiles its shared default role (IamRoleLambdaExecution). Nothing assumes it; left in, it is an
 * extra identity with log permissions to audit. This removes it from the compiled template when no
 * resource refers to it (a Ref, a GetAtt or a DependsOn), and leaves it when one does.
 */
const DEFAULT_ROLE = 'IamRoleLambdaExecution';

function refersTo(value, id) {
  if (Array.isArray(value)) return value.some((v) => refersTo(v, id));
  if (value === null || typeof value !== 'object') return false;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'Ref' && v === id) return true;
    if (key === 'Fn::GetAtt' && (Array.isArray(v) ? v[0] === id : String(v).split('.')[0] === id)) return true;
    if (key === 'DependsOn' && [].concat(v).includes(id)) return true;
    if (refersTo(v, id)) return true;
  }
  return false;
}

class DropUnusedDefaultRole {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = { 'before:package:finalize': () => this.drop() };
  }

  drop() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const resources = template.Resources ?? {};
    if (!resources[DEFAULT_ROLE]) return;
    const others = { ...template, Resources: { ...resources } };
    delete others.Resources[DEFAULT_ROLE];
    if (refersTo(others, DEFAULT_ROLE)) return;
    delete resources[DEFAULT_ROLE];
  }
}

module.exports = DropUnusedDefaultRole;
