namespace PatientDocs.Bench.Options;

/// <summary>The kebab-case names used on the command line and in the summary lines.</summary>
public static class ScenarioNames
{
    private static readonly (Scenario Scenario, string Name)[] Names =
    [
        (Scenario.Baseline, "baseline"),
        (Scenario.DocexOutage, "docex-outage"),
        (Scenario.TasktrackerFlapping, "tasktracker-flapping"),
        (Scenario.Kill, "kill"),
        (Scenario.StartStorm, "start-storm"),
        (Scenario.Capacity, "capacity"),
        (Scenario.Nodes, "nodes"),
        (Scenario.StateLanguage, "state-language"),
        (Scenario.ContentPipeline, "content-pipeline"),
    ];

    public static string Name(Scenario scenario) => Names.First(n => n.Scenario == scenario).Name;

    public static IReadOnlyList<Scenario>? Parse(string value)
    {
        // "all" means every single-server patient-documents scenario; capacity and state-language measure the engine and nodes needs PostgreSQL, so they run only when named.
        if (value == "all")
        {
            return Names.Select(n => n.Scenario).Where(s => s is not Scenario.Capacity and not Scenario.Nodes and not Scenario.StateLanguage and not Scenario.ContentPipeline).ToList();
        }

        var scenarios = new List<Scenario>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = Names.Where(n => n.Name == part).Select(n => (Scenario?)n.Scenario).FirstOrDefault();
            if (match is null)
            {
                return null;
            }

            scenarios.Add(match.Value);
        }

        return scenarios.Count == 0 ? null : scenarios;
    }

    public static string All => string.Join("|", Names.Select(n => n.Name)) + "|all";
}
