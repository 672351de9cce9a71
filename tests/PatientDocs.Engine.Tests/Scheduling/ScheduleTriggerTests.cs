using System.Text.Json.Nodes;
using PatientDocs.Engine.Scheduling;
using static PatientDocs.Testing.Wf;

namespace PatientDocs.Engine.Tests.Scheduling;

public sealed class ScheduleTriggerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_ReadsCronTimerAndStartAtTriggers_WithLiteralInputs_AndSkipsTheRest()
    {
        var definition = Def(
            [
                Trigger(A("cron", "Elsa.Cron", ("cronExpression", Lit("*/5 * * * *")))),
                Trigger(A("timer", "Elsa.Timer", ("interval", Lit("00:01:00")))),
                Trigger(A("at", "Elsa.StartAt", ("dateTime", Lit("2026-03-02T09:00:00Z")))),
                Trigger(A("scripted", "Elsa.Cron", ("cronExpression", Js("'* * * * *'")))),
                A("inflow", "Elsa.Timer", ("interval", Lit("00:00:05"))),
                WriteLine("w", "x"),
            ],
            []);
        definition.Json["root"]!["activities"]![4]!["customProperties"] = new JsonObject { ["canStartWorkflow"] = false };

        var (triggers, skipped) = ScheduleTriggers.Of(definition, timeScale: 60);

        Assert.Equal(["cron", "timer", "at"], triggers.Select(t => t.ActivityId));
        Assert.Equal([ScheduleKind.Cron, ScheduleKind.Timer, ScheduleKind.StartAt], triggers.Select(t => t.Kind));
        Assert.Equal(TimeSpan.FromSeconds(1), triggers[1].Interval);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), triggers[2].At);
        Assert.Equal("def:cron", triggers[0].Key);
        Assert.Equal(["def:scripted (Elsa.Cron)"], skipped);
    }

    [Fact]
    public void Cron_LatestDue_CollapsesMissedTicksIntoTheLastOne()
    {
        var trigger = Trigger("*/5 * * * *");

        Assert.Null(trigger.LatestDue(T0, T0.AddMinutes(4)));
        Assert.Equal(T0.AddMinutes(5), trigger.LatestDue(T0, T0.AddMinutes(5)));
        Assert.Equal(T0.AddMinutes(55), trigger.LatestDue(T0, T0.AddMinutes(59)));
        Assert.Equal(T0.AddMinutes(60), trigger.NextAfter(T0.AddMinutes(55)));
    }

    [Fact]
    public void SixFieldCron_CountsSeconds()
    {
        var trigger = Trigger("*/10 * * * * *");

        Assert.Equal(T0.AddSeconds(10), trigger.NextAfter(T0));
        Assert.Equal(T0.AddSeconds(50), trigger.LatestDue(T0, T0.AddSeconds(55)));
    }

    [Fact]
    public void Timer_TicksEveryIntervalFromItsLastTick()
    {
        var trigger = new ScheduleTrigger("d", "d-v1", "t", ScheduleKind.Timer, Interval: TimeSpan.FromSeconds(10));

        Assert.Equal(T0, trigger.ArmedAt(T0));
        Assert.Null(trigger.LatestDue(T0, T0.AddSeconds(9)));
        Assert.Equal(T0.AddSeconds(30), trigger.LatestDue(T0, T0.AddSeconds(35)));
        Assert.Equal(T0.AddSeconds(40), trigger.NextAfter(T0.AddSeconds(30)));
    }

    [Fact]
    public void StartAt_FiresOnceAtItsMoment_EvenWhenArmedAfterIt()
    {
        var at = T0.AddMinutes(10);
        var trigger = new ScheduleTrigger("d", "d-v1", "a", ScheduleKind.StartAt, At: at);

        Assert.Null(trigger.LatestDue(trigger.ArmedAt(T0), T0.AddMinutes(9)));
        Assert.Equal(at, trigger.LatestDue(trigger.ArmedAt(T0), T0.AddMinutes(11)));
        Assert.Equal(at, trigger.LatestDue(trigger.ArmedAt(T0.AddHours(1)), T0.AddHours(1)));
        Assert.Null(trigger.LatestDue(at, T0.AddDays(1)));
        Assert.Null(trigger.NextAfter(at));
    }

    private static JsonObject Trigger(JsonObject activity)
    {
        activity["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return activity;
    }

    private static ScheduleTrigger Trigger(string cron) =>
        ScheduleTriggers.Of(Def([Trigger(A("c", "Elsa.Cron", ("cronExpression", Lit(cron))))], [])).Triggers.Single();
}
