// Public entry point of the fakes (compiled to out/test/fake/index.js for the demo and benchmarks).
export { FakeLabelStudio } from './fakeLabelStudio';
export type {
  AddBackendInput,
  AddProjectInput,
  Edition,
  FakeLabelStudioOptions,
  HealthCheckOptions,
  RecordedRequest,
} from './fakeLabelStudio';
export { FakeMlServer, closedPortUrl } from './fakeMlServer';
export type { FakeMlServerOptions, MlRecordedRequest, ModelBehaviour, PredictionValue } from './fakeMlServer';
export { seedManyProjects, seedSampleData, HOSTILE_ERROR, HOSTILE_TITLE } from './sampleData';
export type { ManyProjectsOptions, SampleData } from './sampleData';
export type { Fault, FaultHandle, FaultRule } from './faults';
export type { AuthKind } from './auth';
export type { BackendState, FakeBackend, FakeProject, FakeTask, FakeWebhook } from './records';
export { rawRequest } from './rawHttp';
export type { RawRequestOptions, RawResponse } from './rawHttp';
export { FakeProxy } from './fakeProxy';
export type { ProxyRecord } from './fakeProxy';
export { hasOpenssl, makeTestCertificates } from './certificates';
export type { TestCertificates } from './certificates';
export { PythonMlBackend, copyFixtureWorkspace, fixtureWorkspace, freePort, pythonCommand } from './pythonMlBackend';
export type { PythonBackendOptions } from './pythonMlBackend';
export { FakeObjectStore } from './fakeObjectStore';
export type { ObjectStoreRequest, StoredObject } from './fakeObjectStore';
export { MediaStore } from './mediaStore';
export { encodePng, pngSize, testPicture } from './png';
export { encodeRle, maskBytes } from './rleEncoder';
export { streetMistakeRegions } from './sampleInspector';
export type { InspectorSample } from './sampleInspector';
