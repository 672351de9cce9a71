using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatientDocs.Bench.Runs;

/// <summary>Finds numbers in the module's stats JSON by property name, wherever they sit, so a renamed wrapper does not break the bench.</summary>
public static class ModuleStatsReader
{
    /// <summary>Server paths tried once at start; the first that answers 200 is polled during the run.</summary>
    public static readonly string[] CandidatePaths =
    [
        "/api/patient-documents/stats",
        "/api/conversion/stats",
        "/api/patient-documents/conversion/stats",
        "/api/stats",
    ];

    // Names follow PatientDocs.PatientDocuments.Conversion.ConversionMonitor (Current, Peak, PeakWeightMb) plus common variants.
    public static readonly string[] ActiveNames = ["current", "activeConversions", "active", "running", "inFlight", "concurrent"];

    public static readonly string[] PeakNames = ["peak", "peakConcurrent", "maxConcurrent", "peakConcurrency", "peakConversions"];

    public static readonly string[] PeakMemoryMbNames = ["peakWeightMb", "peakMemoryMb", "peakBudgetMb"];

    public static readonly string[] BudgetMbNames = ["budgetMb", "memoryBudgetMb", "weightBudgetMb", "budgetWeightMb"];

    public static double? Find(JsonNode? node, IReadOnlyList<string> names)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in names)
                {
                    foreach (var (key, value) in obj)
                    {
                        if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && value?.GetValueKind() == JsonValueKind.Number)
                        {
                            return value.GetValue<double>();
                        }
                    }
                }

                foreach (var (_, value) in obj)
                {
                    if (Find(value, names) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                return array.Select(item => Find(item, names)).FirstOrDefault(v => v is not null);
            default:
                return null;
        }
    }
}
