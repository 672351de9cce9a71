namespace PatientDocs.Engine.Flowcharts;

/// <summary>A connection between two activities of one flowchart, by activity id and port.</summary>
public sealed record FlowConnection(string Source, string SourcePort, string Target, string TargetPort)
{
    public string Key { get; } = $"{Source}:{SourcePort}>{Target}:{TargetPort}";
}
