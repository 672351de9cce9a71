using System.Text.Json.Nodes;
using PatientDocs.Engine.Runtime.Events;
using PatientDocs.Engine.Scheduling;
using PatientDocs.Engine.Triggers;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Triggers;

/// <summary>One rule for every trigger type: where a trigger may sit, and when it counts without the designer's flag.</summary>
public sealed class TriggerActivitiesTests
{
    private static JsonObject Flagged(JsonObject activity, bool canStart = true)
    {
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = canStart };
        return activity;
    }

    private static JsonObject Endpoint(string id, string path) => A(id, "Elsa.HttpEndpoint", ("path", Lit(path)));

    private static JsonObject OnEvent(string id) => A(id, "Elsa.Event", ("eventName", Lit("go")));

    private static JsonObject Every(string id) => A(id, "Elsa.Timer", ("interval", Lit("00:01:00")));

    [Fact]
    public void NestedTriggers_CountOnlyWhenFlagged_ForEveryType()
    {
        var definition = Root(Seq("root",
            Seq("inner",
                Flagged(Endpoint("http-flagged", "in/flagged")),
                Endpoint("http-plain", "in/plain"),
                Flagged(OnEvent("event-flagged")),
                OnEvent("event-plain"),
                Flagged(Every("timer-flagged")),
                Every("timer-plain"))));

        Assert.Equal(["http-flagged"], HttpTriggerFinder.TriggersOf(definition).Select(t => t.ActivityId));
        Assert.Equal(["event-flagged"], EventDelivery.TriggersOf(definition, "go"));
        Assert.Equal(["timer-flagged"], ScheduleTriggers.Of(definition).Triggers.Select(t => t.ActivityId));
    }

    [Fact]
    public void TopLevelTriggers_WithoutTheFlag_CountForHttpAndSchedules_ButNotForEvents_AndAFalseFlagExcludesAny()
    {
        var definition = Def(
            [
                Endpoint("http-plain", "top/plain"),
                Flagged(Endpoint("http-off", "top/off"), canStart: false),
                OnEvent("event-plain"),
                Flagged(OnEvent("event-flagged")),
                Every("timer-plain"),
                Flagged(Every("timer-off"), canStart: false),
            ],
            []);

        Assert.Equal(["http-plain"], HttpTriggerFinder.TriggersOf(definition).Select(t => t.ActivityId));
        Assert.Equal(["event-flagged"], EventDelivery.TriggersOf(definition, "go"));
        Assert.Equal(["timer-plain"], ScheduleTriggers.Of(definition).Triggers.Select(t => t.ActivityId));
    }

    [Fact]
    public void Literal_ReadsBareValuesAndLiteralExpressions_NotScripts()
    {
        Assert.Equal("a/b", TriggerActivities.Literal(JsonValue.Create("a/b")));
        Assert.Equal("a/b", TriggerActivities.Literal(Lit("a/b")));
        Assert.Null(TriggerActivities.Literal(Js("'a/b'")));
        Assert.Null(TriggerActivities.Literal(null));
    }

    [Fact]
    public void AnEndpointWhosePathIsAScript_IsNoTrigger()
    {
        var definition = Def([A("scripted", "Elsa.HttpEndpoint", ("path", Js("'x'")))], []);

        Assert.Empty(HttpTriggerFinder.TriggersOf(definition));
    }

    [Fact]
    public void PolicyOf_ReadsALiteralName_IgnoresBlanks_AndMarksAScriptUnreadable()
    {
        Assert.Equal("editors", HttpTriggerFinder.PolicyOf(Lit(" editors ")));
        Assert.Equal("editors", HttpTriggerFinder.PolicyOf(JsonValue.Create("editors")));
        Assert.Null(HttpTriggerFinder.PolicyOf(Lit("  ")));
        Assert.Null(HttpTriggerFinder.PolicyOf(null));
        Assert.Equal(HttpTrigger.UnreadablePolicy, HttpTriggerFinder.PolicyOf(Js("'editors'")));
    }

    [Fact]
    public void AnEndpointsTrigger_CarriesItsPolicy()
    {
        var definition = Def([A("guarded", "Elsa.HttpEndpoint", ("path", Lit("g")), ("authorize", Lit(true)), ("policy", Lit("editors")))], []);

        var trigger = Assert.Single(HttpTriggerFinder.TriggersOf(definition));
        Assert.Equal((true, "editors"), (trigger.Authorize, trigger.Policy));
    }
}
