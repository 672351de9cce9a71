using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Storage;
using PatientDocs.Integration.Tests.Support;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>The start-to-close timeout of a task attempt, on a manual clock; one subclass per store.</summary>
public abstract class TaskTimeoutTests : OnEachStore
{
    private static TaskServicesOptions Sluggish(TimeSpan? queueTimeout) => new()
    {
        Services =
        {
            ["Sluggish"] = new TaskServiceOptions
            {
                Queues = { [SluggishTask.QueueName] = new QueueOptions { Slots = 2, StartToCloseTimeout = queueTimeout } },
                Retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(2), MaxDelay = TimeSpan.FromSeconds(2), Multiplier = 1, Jitter = 0, Deadline = TimeSpan.FromHours(1) },
                Breaker = new BreakerOptions { FailureThreshold = 0 },
            },
        },
    };

    private async Task<TaskHarness> HarnessAsync(TimeSpan? queueTimeout)
    {
        var harness = await TaskHarness.CreateAsync(Store, Sluggish(queueTimeout));
        harness.Registry.Register<SluggishTask>();
        return harness;
    }

    [StoreFact]
    public async Task Timeout_AbandonsAHangingAttempt_AsARetryableFailure_AndIgnoresItsLateAnswer()
    {
        var harness = await HarnessAsync(TimeSpan.FromSeconds(1));
        var hang = new TaskCompletionSource();
        var lateAnswer = new TaskCompletionSource();
        harness.Probe.Hold = hang.Task;
        // Were the first attempt's answer committed, the task would fail for good.
        harness.Probe.Behaviour = (context, _) =>
        {
            if (context.Attempt > 1)
            {
                return TaskOutcome.Completed();
            }

            lateAnswer.SetResult();
            return TaskOutcome.Permanent("late answer");
        };
        var task = await harness.EnqueueAsync(SluggishTask.QueueName, handler: "Test.Sluggish");
        var t0 = harness.Clock.GetUtcNow();

        await harness.Worker.RunOnceAsync();
        await harness.Probe.CallRecorded.WaitAsync();
        harness.Clock.Advance(TimeSpan.FromMilliseconds(999));
        var beforeTimeout = await harness.Store.FindTaskAsync(task.Id);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await harness.Worker.WhenIdleAsync();
        var abandoned = await harness.Store.FindTaskAsync(task.Id);

        harness.Probe.Hold = null;
        harness.Clock.SetUtcNow(abandoned!.NotBefore);
        await harness.PumpAsync();
        hang.SetResult();
        await lateAnswer.Task;
        await harness.PumpAsync();
        var finished = await harness.Store.FindTaskAsync(task.Id);

        Assert.Equal(TaskState.Running, beforeTimeout!.State);
        Assert.Equal((TaskState.Pending, 1, t0.AddSeconds(3)), (abandoned.State, abandoned.Attempts, abandoned.NotBefore));
        Assert.Contains("start-to-close timeout of 00:00:01", abandoned.Error, StringComparison.Ordinal);
        Assert.Equal((TaskState.Completed, 2), (finished!.State, finished.Attempts));
        Assert.Equal([1, 2], harness.Probe.Calls.Select(c => c.Attempt).ToArray());
        var resume = Assert.Single(await harness.WorkItemsAsync());
        Assert.Equal(task.BookmarkId, resume.BookmarkId);
        Assert.True(JsonNode.Parse(resume.Payload!)!["succeeded"]!.GetValue<bool>());
    }

    [StoreFact]
    public async Task Timeout_OfTheActivity_OverridesTheQueues()
    {
        var harness = await HarnessAsync(TimeSpan.FromSeconds(30));
        harness.Probe.Hold = new TaskCompletionSource().Task;
        var task = await harness.EnqueueAsync(SluggishTask.QueueName, handler: "Test.Sluggish", input: new JsonObject { ["timeoutMs"] = 500 });

        await harness.Worker.RunOnceAsync();
        await harness.Probe.CallRecorded.WaitAsync();
        harness.Clock.Advance(TimeSpan.FromMilliseconds(500));
        await harness.Worker.WhenIdleAsync();
        var abandoned = await harness.Store.FindTaskAsync(task.Id);

        Assert.Equal((TaskState.Pending, 1), (abandoned!.State, abandoned.Attempts));
        Assert.Contains("start-to-close timeout of 00:00:00.5000000", abandoned.Error, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task NoTimeout_LetsAnAttemptRunAsLongAsItTakes()
    {
        var harness = await HarnessAsync(queueTimeout: null);
        var hang = new TaskCompletionSource();
        harness.Probe.Hold = hang.Task;
        var task = await harness.EnqueueAsync(SluggishTask.QueueName, handler: "Test.Sluggish");

        await harness.Worker.RunOnceAsync();
        await harness.Probe.CallRecorded.WaitAsync();
        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        var running = await harness.Store.FindTaskAsync(task.Id);
        hang.SetResult();
        await harness.Worker.WhenIdleAsync();
        var finished = await harness.Store.FindTaskAsync(task.Id);

        Assert.Equal(TaskState.Running, running!.State);
        Assert.Equal((TaskState.Completed, 1), (finished!.State, finished.Attempts));
        Assert.NotNull(finished.CompletedAt);
    }
}
