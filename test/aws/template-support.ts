/** Readers of the CloudFormation JSON `serverless package` writes (untyped, hence `any`). */

export interface Resource {
  Type: string;
  Properties: any;
}

export interface Template {
  Resources: Record<string, Resource>;
}

/** One value or a list of them, as CloudFormation allows. */
export const list = <T = any>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The logical id behind `Ref` / `Fn::GetAtt`, if that is what `v` is. */
export function logicalId(v: unknown): string | undefined {
  const o = v as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  return o?.['Fn::GetAtt']?.[0] ?? o?.Ref;
}

export const resourcesOf = (t: Template, type: string): [string, Resource][] =>
  Object.entries(t.Resources).filter(([, r]) => r.Type === type);

/** Function logical id -> the logical id of its role. */
export const functionRoles = (t: Template): Record<string, string> =>
  Object.fromEntries(resourcesOf(t, 'AWS::Lambda::Function').map(([id, f]) => [id, logicalId(f.Properties.Role)!]));

/** Every Allow statement of every identity policy (inline role policies and standalone policies). */
export function allowStatements(t: Template): { role: string; where: string; statement: any }[] {
  const out: { role: string; where: string; statement: any }[] = [];
  for (const [id, r] of Object.entries(t.Resources)) {
    const documents =
      r.Type === 'AWS::IAM::Role'
        ? list(r.Properties.Policies).map((p: any) => ({ role: id, doc: p.PolicyDocument }))
        : r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy'
          ? list(r.Properties.Roles).map((role: unknown) => ({
              role: logicalId(role) ?? String(role),
              doc: r.Properties.PolicyDocument,
            }))
          : [];
    for (const { role, doc } of documents) {
      list(doc.Statement).forEach((statement: any, i: number) => {
        if (statement.Effect === 'Allow') out.push({ role, where: `${id} statement ${i}`, statement });
      });
    }
  }
  return out;
}

/** CloudWatch alarms watching the queue's metrics. */
export const alarmsOn = (t: Template, queue: string): any[] =>
  resourcesOf(t, 'AWS::CloudWatch::Alarm')
    .map(([, a]) => a.Properties)
    .filter(
      (a) =>
        a.Namespace === 'AWS/SQS' &&
        list(a.Dimensions).some((d: any) => d.Name === 'QueueName' && logicalId(d.Value) === queue),
    );

/** Bucket policies attached to the bucket (by Ref). */
export const bucketPolicies = (t: Template, bucket: string): any[] =>
  resourcesOf(t, 'AWS::S3::BucketPolicy')
    .map(([, p]) => p.Properties)
    .filter((p) => logicalId(p.Bucket) === bucket);
