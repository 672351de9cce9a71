using PatientDocs.Bench.Api;

namespace PatientDocs.Bench.Runs;

/// <summary>Compares a finished execution with the path its mocks chose; says what differs, or null when it ended as it must.</summary>
public static class OrderCheck
{
    public static string? Mismatch(OrderCase expected, ExecutionDetail actual)
    {
        var problems = new List<string>();
        if (actual.Status != expected.Status)
        {
            problems.Add($"status {actual.Status}, expected {expected.Status}");
        }

        if (actual.CurrentState != expected.CurrentState)
        {
            problems.Add($"currentState {actual.CurrentState ?? "(none)"}, expected {expected.CurrentState}");
        }

        if (actual.Error != expected.Error)
        {
            problems.Add($"error {actual.Error ?? "(none)"}, expected {expected.Error ?? "(none)"}");
        }

        if (actual.EndedAt is null)
        {
            problems.Add("no endedAt");
        }

        var states = actual.Steps.Select(s => s.StateName).ToList();
        if (!states.SequenceEqual(expected.States))
        {
            problems.Add($"steps {string.Join(" → ", states)}, expected {string.Join(" → ", expected.States)}");
        }

        if (actual.Steps.FirstOrDefault(s => s.EndedAt is null) is { } open)
        {
            problems.Add($"step {open.StateName} has no endedAt ({open.Status})");
        }

        if (expected.Path == OrderPath.PaymentError
            && actual.Steps.FirstOrDefault(s => s.StateName == OrderCase.PaymentState) is { } payment
            && (payment.Status != "FAILED" || payment.Attempts != OrderCase.PaymentAttempts))
        {
            problems.Add($"{OrderCase.PaymentState} {payment.Status} after {payment.Attempts?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} attempts, expected FAILED after {OrderCase.PaymentAttempts}");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
