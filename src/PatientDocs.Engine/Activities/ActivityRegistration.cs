namespace PatientDocs.Engine.Activities;

/// <summary>A module's contribution to the activity registry, applied when the registry is built.</summary>
public sealed record ActivityRegistration(Action<ActivityRegistry> Apply);
