using System.Diagnostics;
using System.Text.Json.Nodes;
using PatientDocs.Engine.Telemetry;

namespace PatientDocs.Engine.Tests.Telemetry;

public sealed class TaskTraceContextTests
{
    [Fact]
    public void Stamp_WithoutARecordedSpan_LeavesTheInputAsItWas()
    {
        var input = new JsonObject { ["url"] = "http://x", ["n"] = 1 };

        Assert.Equal("""{"url":"http://x","n":1}""", TaskTraceContext.Stamp(input, span: null));
    }

    [Fact]
    public void Stamp_ThenRead_GivesTheSpansContext_AndWithoutRemovesIt()
    {
        using var span = new Activity("burst");
        span.SetIdFormat(ActivityIdFormat.W3C);
        span.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        span.Start();
        var input = new JsonObject { ["url"] = "http://x" };

        var stamped = TaskTraceContext.Stamp(input, span);
        var context = TaskTraceContext.Read(stamped);

        Assert.NotNull(context);
        Assert.Equal(span.TraceId, context.Value.TraceId);
        Assert.Equal(span.SpanId, context.Value.SpanId);
        Assert.Equal("""{"url":"http://x"}""", TaskTraceContext.Without(stamped));
        Assert.False(input.ContainsKey(TaskTraceContext.Key));
    }
}
