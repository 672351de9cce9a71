namespace PatientDocs.Orders.Stubs;

/// <summary>A stub call that failed the way a flaky service does: worth retrying.</summary>
public sealed class StubFailureException(string call) : Exception($"Forced failure of {call} for testing.");
