namespace PatientDocs.Engine.Definitions;

/// <summary>Elsa's version selector: Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions, or a number.</summary>
public readonly record struct VersionOptions(VersionSelector Selector, int Version = 0)
{
    public static readonly VersionOptions Latest = new(VersionSelector.Latest);
    public static readonly VersionOptions Published = new(VersionSelector.Published);
    public static readonly VersionOptions LatestOrPublished = new(VersionSelector.LatestOrPublished);
    public static readonly VersionOptions AllVersions = new(VersionSelector.AllVersions);

    /// <summary>Parses the query-string form; empty means all versions, as Studio sends it.</summary>
    public static bool TryParse(string? text, out VersionOptions options)
    {
        options = AllVersions;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (int.TryParse(text, out var number) && number > 0)
        {
            options = new VersionOptions(VersionSelector.SpecificVersion, number);
            return true;
        }

        if (Enum.TryParse<VersionSelector>(text, ignoreCase: true, out var selector) && selector != VersionSelector.SpecificVersion)
        {
            options = new VersionOptions(selector);
            return true;
        }

        return false;
    }

    public bool Matches(bool isLatest, bool isPublished, int version) => Selector switch
    {
        VersionSelector.Latest => isLatest,
        VersionSelector.Published => isPublished,
        VersionSelector.LatestOrPublished => isLatest || isPublished,
        VersionSelector.LatestAndPublished => isLatest && isPublished,
        VersionSelector.Draft => !isPublished,
        VersionSelector.SpecificVersion => version == Version,
        _ => true,
    };
}

public enum VersionSelector
{
    Latest,
    Published,
    LatestOrPublished,
    LatestAndPublished,
    Draft,
    AllVersions,
    SpecificVersion,
}
