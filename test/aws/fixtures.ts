/**
 * Payloads shaped as the services send them: a JumpStart hub document and EventBridge "SageMaker
 * Training Job State Change" events.
 *
 * HUB_DOCUMENT is DescribeHubContent's HubContentDocument of Llama 3.2 3B in the shape of AWS's own
 * sample (test/fixtures/aws/hub-content-document.sample.json, from aws/sagemaker-python-sdk):
 * PascalCase, variants under `Variants.<family or type>.Properties`, per-type hyperparameters in
 * lower case, and the hosting images only under `InferenceConfigComponents` (no top-level
 * HostingEcrUri), as for the gated Llama models.
 */
const DLC = '763104351884.dkr.ecr.us-west-2.amazonaws.com';
const TRAINING_IMAGE = `${DLC}/huggingface-pytorch-training:2.0.0-transformers4.28.1-gpu-py310-cu118-ubuntu20.04`;
const TGI_IMAGE = `${DLC}/huggingface-pytorch-tgi-inference:2.4.0-tgi2.4.0-gpu-py311-cu124-ubuntu22.04`;
const LMI_IMAGE = `${DLC}/djl-inference:0.31.0-lmi13.0.0-cu124`;
const PRIVATE = 's3://jumpstart-private-cache-prod-us-west-2';
const inferenceEnv = [
  { Name: 'SAGEMAKER_PROGRAM', Type: 'text', Default: 'inference.py', Scope: 'container', RequiredForModelClass: true },
  { Name: 'HF_MODEL_ID', Type: 'text', Default: '/opt/ml/model', Scope: 'container', RequiredForModelClass: true },
  { Name: 'SM_NUM_GPUS', Type: 'text', Default: '1', Scope: 'container', RequiredForModelClass: true },
  { Name: 'MAX_TOTAL_TOKENS', Type: 'text', Default: '8192', Scope: 'container', RequiredForModelClass: true },
  { Name: 'SAGEMAKER_MODEL_SERVER_WORKERS', Type: 'int', Default: 1, Scope: 'container', RequiredForModelClass: true },
];
const hostingComponent = (image: string) => ({
  HostingEcrSpecs: { Framework: 'huggingface-llm', FrameworkVersion: '2.4.0', PyVersion: 'py311' },
  HostingArtifactUri: `${PRIVATE}/meta-textgeneration/meta-textgeneration-llama-3-2-3b/artifacts/inference-prepack/v1.0.0/`,
  HostingArtifactS3DataType: 'S3Prefix',
  HostingArtifactCompressionType: 'None',
  HostingEcrUri: image,
  DefaultInferenceInstanceType: 'ml.g5.xlarge',
  SupportedInferenceInstanceTypes: ['ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.12xlarge', 'ml.g6.xlarge'],
  HostingInstanceTypeVariants: {
    Variants: {
      g5: { Properties: { ImageUri: image } },
      g6: { Properties: { ImageUri: image } },
      'ml.g5.12xlarge': {
        Properties: {
          EnvironmentVariables: { SM_NUM_GPUS: '4' },
          ResourceRequirements: { MinMemoryMb: 98304, NumAccelerators: 4 },
        },
      },
    },
  },
  InferenceEnvironmentVariables: inferenceEnv,
  InferenceVolumeSize: 256,
  InferenceEnableNetworkIsolation: true,
  ModelDataDownloadTimeout: 1200,
  ContainerStartupHealthCheckTimeout: 1200,
});

export const HUB_DOCUMENT = {
  Provider: 'meta',
  Url: 'https://www.llama.com/',
  MinSdkVersion: '2.225.0',
  TrainingSupported: true,
  IncrementalTrainingSupported: true,
  HostingEulaUri: 's3://jumpstart-cache-prod-us-west-2/fmhMetadata/eula/llama3_2Eula.txt',
  InferenceEnvironmentVariables: inferenceEnv,
  DefaultInferenceInstanceType: 'ml.g5.xlarge',
  SupportedInferenceInstanceTypes: ['ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.12xlarge', 'ml.g6.xlarge'],
  Hyperparameters: [
    { Name: 'int8_quantization', Type: 'text', Default: 'False', Options: ['True', 'False'], Scope: 'algorithm' },
    { Name: 'enable_fsdp', Type: 'text', Default: 'True', Options: ['True', 'False'], Scope: 'algorithm' },
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
  TrainingScriptUri:
    's3://jumpstart-cache-prod-us-west-2/source-directory-tarballs/training/meta-textgeneration/prepack/inference-meta-textgeneration/v1.2.0/sourcedir.tar.gz',
  TrainingArtifactUri: `${PRIVATE}/meta-training/v1.0.0/train-meta-textgeneration-llama-3-2-3b.tar.gz`,
  DefaultTrainingInstanceType: 'ml.g5.2xlarge',
  SupportedTrainingInstanceTypes: ['ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.g4dn.12xlarge', 'ml.p4d.24xlarge'],
  TrainingVolumeSize: 256,
  TrainingEnableNetworkIsolation: true,
  GatedBucket: true,
  TrainingInstanceTypeVariants: {
    Variants: {
      g4dn: {
        Properties: {
          ImageUri: TRAINING_IMAGE,
          GatedModelEnvVarUri: `${PRIVATE}/meta-training/g4dn/v1.0.0/train-meta-textgeneration-llama-3-2-3b.tar.gz`,
        },
      },
      g5: {
        Properties: {
          ImageUri: TRAINING_IMAGE,
          GatedModelEnvVarUri: `${PRIVATE}/meta-training/g5/v1.0.0/train-meta-textgeneration-llama-3-2-3b.tar.gz`,
        },
      },
      p4d: { Properties: { ImageUri: TRAINING_IMAGE } },
      'ml.g4dn.12xlarge': {
        Properties: {
          Hyperparameters: [
            { name: 'int8_quantization', type: 'text', default: 'True', options: ['True', 'False'], scope: 'hyper' },
            { name: 'enable_fsdp', type: 'text', default: 'False', options: ['True', 'False'], scope: 'hyper' },
          ],
        },
      },
    },
  },
  HostingArtifactS3DataType: 'S3Prefix',
  HostingArtifactCompressionType: 'None',
  InferenceConfigs: { tgi: { ComponentNames: ['tgi'] }, lmi: { ComponentNames: ['lmi'] } },
  InferenceConfigComponents: { tgi: hostingComponent(TGI_IMAGE), lmi: hostingComponent(LMI_IMAGE) },
  InferenceConfigRankings: { overall: { Description: 'default', Rankings: ['tgi', 'lmi'] } },
  DisableOutputCompression: true,
  MaxRuntimeInSeconds: 360000,
  TrainingEcrUri: TRAINING_IMAGE,
  ModelTypes: ['OPEN_WEIGHTS'],
  Task: 'Text Generation',
  Framework: 'meta',
};

/** What the fixture's choices resolve to, named once for the tests. */
export const HUB = {
  trainingImage: TRAINING_IMAGE,
  tgiImage: TGI_IMAGE,
  lmiImage: LMI_IMAGE,
  g5Weights: HUB_DOCUMENT.TrainingInstanceTypeVariants.Variants.g5.Properties.GatedModelEnvVarUri,
  g4dnWeights: HUB_DOCUMENT.TrainingInstanceTypeVariants.Variants.g4dn.Properties.GatedModelEnvVarUri,
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
