namespace PatientDocs.Simulators.Gateway;

/// <summary>A request's charge in a <see cref="TokenWindowLimit"/>: its arrival and the tokens it counts (reserved, then used).</summary>
public sealed class TokenReservation
{
    internal TokenReservation(long arrivedAt, long tokens)
    {
        ArrivedAt = arrivedAt;
        Tokens = tokens;
    }

    internal long ArrivedAt { get; }

    internal long Tokens { get; set; }
}
