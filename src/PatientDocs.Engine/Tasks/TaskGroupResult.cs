namespace PatientDocs.Engine.Tasks;

public sealed record TaskGroupResult(int Total, int Succeeded, int Failed, string? FirstError);
