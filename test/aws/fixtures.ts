/**
 * Payloads shaped as the services send them: a JumpStart hub document (DescribeHubContent's
 * HubContentDocument, trimmed to the fields the league reads plus a few it ignores) and EventBridge
 * "SageMaker Training Job State Change" events.
 */
export const HUB_DOCUMENT = {
  Url: 'https://www.llama.com/',
  MinSdkVersion: '2.225.0',
  TrainingSupported: true,
  IncrementalTrainingSupported: false,
  HostingEcrUri: '763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.31.0-lmi13.0.0-cu124',
  HostingArtifactUri:
    's3://jumpstart-private-cache-prod-us-west-2/meta-textgeneration/meta-textgeneration-llama-3-2-3b/artifacts/inference/v1.0.0/',
  HostingEulaUri: 's3://jumpstart-cache-prod-us-west-2/fmhMetadata/eula/llama3_2Eula.txt',
  InferenceEnvironmentVariables: [
    {
      Name: 'SAGEMAKER_PROGRAM',
      Type: 'text',
      Default: 'inference.py',
      Scope: 'container',
      RequiredForModelClass: true,
    },
    { Name: 'HF_MODEL_ID', Type: 'text', Default: '/opt/ml/model', Scope: 'container', RequiredForModelClass: true },
    {
      Name: 'OPTION_ENABLE_CHUNKED_PREFILL',
      Type: 'text',
      Default: 'true',
      Scope: 'container',
      RequiredForModelClass: true,
    },
    {
      Name: 'SAGEMAKER_MODEL_SERVER_WORKERS',
      Type: 'int',
      Default: 1,
      Scope: 'container',
      RequiredForModelClass: true,
    },
  ],
  HostingInstanceTypeVariants: {
    Aliases: { gpu_ecr_uri_1: '763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.31.0-lmi13.0.0-cu124' },
    Variants: {
      g5: {
        properties: { image_uri: '$gpu_ecr_uri_1', environment_variables: { OPTION_TENSOR_PARALLEL_DEGREE: '1' } },
      },
      'ml.g5.12xlarge': { properties: { environment_variables: { OPTION_TENSOR_PARALLEL_DEGREE: '4' } } },
    },
  },
  DefaultInferenceInstanceType: 'ml.g5.xlarge',
  SupportedInferenceInstanceTypes: ['ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.12xlarge'],
  TrainingEcrUri:
    '763104351884.dkr.ecr.us-west-2.amazonaws.com/huggingface-pytorch-training:2.0.0-transformers4.28.1-gpu-py310-cu118-ubuntu20.04',
  TrainingInstanceTypeVariants: {
    Aliases: {
      gpu_ecr_uri_2:
        '763104351884.dkr.ecr.us-west-2.amazonaws.com/huggingface-pytorch-training:2.1.0-transformers4.36.0-gpu-py310-cu121-ubuntu20.04',
    },
    Variants: { p4d: { properties: { image_uri: '$gpu_ecr_uri_2' } } },
  },
  TrainingScriptUri:
    's3://jumpstart-cache-prod-us-west-2/source-directory-tarballs/meta/transfer_learning/textgeneration/v1.1.0/sourcedir.tar.gz',
  TrainingArtifactUri:
    's3://jumpstart-private-cache-prod-us-west-2/meta-training/train-meta-textgeneration-llama-3-2-3b/',
  TrainingArtifactCompressionType: 'None',
  TrainingArtifactS3DataType: 'S3Prefix',
  GatedBucket: true,
  Hyperparameters: [
    { Name: 'epoch', Type: 'int', Default: 5, Min: 1, Max: 1000, Scope: 'algorithm' },
    { Name: 'learning_rate', Type: 'float', Default: 0.0001, Min: 1e-8, Max: 1, Scope: 'algorithm' },
    { Name: 'lora_r', Type: 'int', Default: 8, Min: 1, Scope: 'algorithm' },
    { Name: 'lora_alpha', Type: 'int', Default: 32, Min: 1, Scope: 'algorithm' },
    { Name: 'lora_dropout', Type: 'float', Default: 0.05, Min: 0, Max: 1, Scope: 'algorithm' },
    { Name: 'instruction_tuned', Type: 'text', Default: 'False', Options: ['True', 'False'], Scope: 'algorithm' },
    { Name: 'chat_dataset', Type: 'text', Default: 'True', Options: ['True', 'False'], Scope: 'algorithm' },
    { Name: 'max_input_length', Type: 'int', Default: -1, Scope: 'algorithm' },
    {
      Name: 'sagemaker_submit_directory',
      Type: 'text',
      Default: '/opt/ml/input/data/code/sourcedir.tar.gz',
      Scope: 'container',
    },
    { Name: 'sagemaker_program', Type: 'text', Default: 'transfer_learning.py', Scope: 'container' },
    { Name: 'sagemaker_container_log_level', Type: 'text', Default: '20', Scope: 'container' },
  ],
  DefaultTrainingInstanceType: 'ml.g5.2xlarge',
  SupportedTrainingInstanceTypes: ['ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.p4d.24xlarge'],
  TrainingVolumeSize: 256,
  DisableOutputCompression: true,
  Task: 'textgeneration',
  Framework: 'meta',
};

export const DESCRIBE_HUB_CONTENT = {
  HubContentName: 'meta-textgeneration-llama-3-2-3b',
  HubContentArn:
    'arn:aws:sagemaker:us-west-2:aws:hub-content/SageMakerPublicHub/Model/meta-textgeneration-llama-3-2-3b/1.2.0',
  HubContentVersion: '1.2.0',
  HubContentType: 'Model' as const,
  DocumentSchemaVersion: '2.3.0',
  HubName: 'SageMakerPublicHub',
  HubArn: 'arn:aws:sagemaker:us-west-2:aws:hub/SageMakerPublicHub',
  HubContentDocument: JSON.stringify(HUB_DOCUMENT),
  HubContentStatus: 'Available' as const,
  CreationTime: new Date('2024-09-25T00:00:00Z'),
};

const envelope = (detail: Record<string, unknown>) => ({
  version: '0',
  id: '4bd1c5b5-9d8f-4c3e-9d2d-0a6bd5c4c1f0',
  'detail-type': 'SageMaker Training Job State Change',
  source: 'aws.sagemaker',
  account: '123456789012',
  time: '2025-03-01T12:34:56Z',
  region: 'us-west-2',
  resources: [`arn:aws:sagemaker:us-west-2:123456789012:training-job/${String(detail.TrainingJobName)}`],
  detail: {
    TrainingJobArn: `arn:aws:sagemaker:us-west-2:123456789012:training-job/${String(detail.TrainingJobName)}`,
    AlgorithmSpecification: { TrainingImage: HUB_DOCUMENT.TrainingEcrUri, TrainingInputMode: 'File' },
    ResourceConfig: { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 256 },
    StoppingCondition: { MaxRuntimeInSeconds: 10800 },
    CreationTime: 1740832000000,
    LastModifiedTime: 1740832496000,
    ...detail,
  },
});

export const trainingEvent = {
  completed: (jobName: string) =>
    envelope({
      TrainingJobName: jobName,
      TrainingJobStatus: 'Completed',
      SecondaryStatus: 'Completed',
      ModelArtifacts: { S3ModelArtifacts: `s3://league-blobs/models/${jobName}/output/model/` },
      TrainingStartTime: 1740832100000,
      TrainingEndTime: 1740835700000,
    }),
  failed: (jobName: string, reason: string) =>
    envelope({
      TrainingJobName: jobName,
      TrainingJobStatus: 'Failed',
      SecondaryStatus: 'Failed',
      FailureReason: reason,
    }),
  inProgress: (jobName: string) =>
    envelope({ TrainingJobName: jobName, TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training' }),
  stopped: (jobName: string) =>
    envelope({ TrainingJobName: jobName, TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped' }),
};

/** An AWS SDK service error as the SDK throws it (name, message, HTTP status). */
export function awsError(name: string, message: string, status = 400, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    ...extra,
  });
}
