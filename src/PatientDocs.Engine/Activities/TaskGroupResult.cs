namespace PatientDocs.Engine.Activities;

public sealed record TaskGroupResult(int Total, int Succeeded, int Failed, string? FirstError);
