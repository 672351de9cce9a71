namespace PatientDocs.Engine.Activities;

/// <param name="Type">Flow for an outbound flowchart port, Embedded for a child-activity slot.</param>
public sealed record PortDescriptor(string Name, string DisplayName, string Type = "Flow", bool IsBrowsable = true);
