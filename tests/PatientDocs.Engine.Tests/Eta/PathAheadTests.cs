using System.Text.Json.Nodes;
using PatientDocs.Engine.Runtime.Eta;

namespace PatientDocs.Engine.Tests.Eta;

public sealed class PathAheadTests
{
    [Fact]
    public void Downstream_FollowsEveryConnectionFromTheGivenActivities()
    {
        var root = Flow(("start", "create"), ("create", "search"), ("search", "download"), ("search", "notFound"), ("other", "elsewhere"));

        Assert.Equal(["download", "notFound", "search"], PathAhead.Downstream(root, ["create"]).Order(StringComparer.Ordinal));
        Assert.Empty(PathAhead.Downstream(root, ["download"]));
        Assert.Empty(PathAhead.Downstream(null, ["create"]));
    }

    [Fact]
    public void Downstream_StopsAtALoop()
    {
        var root = Flow(("a", "b"), ("b", "a"));

        Assert.Equal(["a", "b"], PathAhead.Downstream(root, ["a"]).Order(StringComparer.Ordinal));
    }

    internal static JsonObject Flow(params (string Source, string Target)[] connections) => new()
    {
        ["type"] = "Elsa.Flowchart",
        ["connections"] = new JsonArray(connections.Select(c => (JsonNode)new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = c.Source, ["port"] = "Done" },
            ["target"] = new JsonObject { ["activity"] = c.Target, ["port"] = "In" },
        }).ToArray()),
    };
}
