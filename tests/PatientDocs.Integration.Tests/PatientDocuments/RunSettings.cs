using PatientDocs.Simulators.DocumentExchange;

namespace PatientDocs.Integration.Tests.PatientDocuments;

/// <summary>The settings every run shares: fast enough for a loaded 2-core box, slow enough that the limits still bind.</summary>
public static class RunSettings
{
    public const double TimeScale = 600;
    public const int SeedCount = 250;
    public const int SmallMaxFiles = 5;
    public const string LargePatient = "P000007";
    public const int LargeFiles = 3000;
    public const string UnknownPatient = "P999999";

    /// <summary>The simulators' document distribution as configured for the runs, to compute each patient's expected files.</summary>
    public static DocumentDistribution Distribution(bool withLargePatient) => new(
        new DistributionOptions { LargeFraction = 0, SmallMaxFiles = SmallMaxFiles },
        withLargePatient ? new Dictionary<string, int> { [LargePatient] = LargeFiles } : []);

    public static Dictionary<string, string> Simulators(bool withLargePatient, string prefix = "Simulators__")
    {
        var settings = new Dictionary<string, string>
        {
            [prefix + "DocumentExchange__Distribution__LargeFraction"] = "0",
            [prefix + "DocumentExchange__Distribution__SmallMaxFiles"] = SmallMaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [prefix + "DocumentExchange__JobSeconds"] = "2",
        };
        if (withLargePatient)
        {
            settings[prefix + "DocumentExchange__Overrides__" + LargePatient] = LargeFiles.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public static IEnumerable<string> PatientIds(int count) => Enumerable.Range(1, count).Select(n => $"P{n:D6}");
}
