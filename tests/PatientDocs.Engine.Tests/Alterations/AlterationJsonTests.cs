using System.Text.Json.Nodes;
using PatientDocs.Engine.Alterations;
using PatientDocs.Engine.Definitions;

namespace PatientDocs.Engine.Tests.Alterations;

public sealed class AlterationJsonTests
{
    [Fact]
    public void Parse_EveryType_RoundTripsThroughTheWorkItemPayload()
    {
        var json = JsonNode.Parse("""
            [{"type":"ScheduleActivity","activityId":"a"},{"type":"ModifyVariable","variableId":"v","value":{"x":1}},
             {"type":"CancelActivity","activityId":"b"},{"type":"Migrate","targetVersion":3}]
            """);
        var errors = new List<AlterationError>();

        var parsed = AlterationJson.Parse(json, "alterations", errors);
        var again = AlterationJson.Parse(AlterationJson.ToJson(parsed), "alterations", errors);

        Assert.Empty(errors);
        Assert.Equal(["ScheduleActivity", "ModifyVariable", "CancelActivity", "Migrate"], again.Select(a => a.Type));
        Assert.Equal(new Migrate(3), again[3]);
        Assert.Equal("{\"x\":1}", ((ModifyVariable)again[1]).Value!.ToJsonString());
    }

    [Fact]
    public void Parse_TwoMigrations_IsAProblemOfTheList()
    {
        var errors = new List<AlterationError>();

        AlterationJson.Parse(JsonNode.Parse("""[{"type":"Migrate","targetVersion":2},{"type":"Migrate","targetVersion":3}]"""), "alterations", errors);

        Assert.Equal("alterations", Assert.Single(errors).Field);
    }

    [Theory]
    [InlineData("PT30M", 1800)]
    [InlineData("00:00:45", 45)]
    [InlineData("P1DT2H", 93600)]
    public void WorkflowTimeout_ReadsIsoDurationsAndTimeSpans(string text, int seconds)
    {
        Assert.True(WorkflowTimeout.TryRead(JsonValue.Create(text), out var timeout, out var error));
        Assert.Equal((TimeSpan.FromSeconds(seconds), null), (timeout, error));
    }

    [Theory]
    [InlineData("\"ten minutes\"")]
    [InlineData("\"-PT5M\"")]
    [InlineData("\"00:00:00\"")]
    [InlineData("30")]
    public void WorkflowTimeout_RefusesWhatIsNotAPositiveDuration(string json)
    {
        Assert.False(WorkflowTimeout.TryRead(JsonNode.Parse(json), out var timeout, out var error));
        Assert.Null(timeout);
        Assert.StartsWith("The timeout must be a positive duration", error);
    }
}
