namespace PatientDocs.Server.Operations;

/// <summary>A limit's use now: <see cref="Used"/> permits granted in the window ending now, of <see cref="Permits"/>.</summary>
public sealed record OpsLimit(string Name, int Permits, double WindowSeconds, string Rate, int Used);
