namespace PatientDocs.Integration.Tests.Deployment;

/// <summary>One service of docker-compose.yml with its <c>${…}</c> references resolved, as compose hands it to a container.</summary>
public sealed record ComposeService(
    string Name,
    string? Image,
    string? Dockerfile,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<string> HealthCheck,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> Volumes);
