namespace PatientDocs.ContentPipeline.Endpoints;

public sealed record PipelineStarted(string InstanceId, string Topic, string Length);
