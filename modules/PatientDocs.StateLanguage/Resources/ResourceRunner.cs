using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Storage;

namespace PatientDocs.StateLanguage.Resources;

/// <summary>
/// Runs one attempt of a resource (its handler, or the mock) under the Task's timeout and turns every way it can end into a
/// <see cref="ResourceOutcome"/>. A shutdown or lost lease is not an outcome: it propagates, and the worker hands the task back.
/// </summary>
public static class ResourceRunner
{
    public static async Task<ResourceOutcome> RunAsync(ResourceCall call, TimeSpan? timeout, TimeProvider time, double timeScale, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = RunUnguardedAsync(call, time, timeScale, attempt.Token);
        if (timeout is { } limit)
        {
            var timer = Task.Delay(limit / timeScale, time, attempt.Token);
            if (await Task.WhenAny(work, timer).ConfigureAwait(false) != work)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await attempt.CancelAsync().ConfigureAwait(false);
                _ = work.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                return ResourceOutcome.Failure(ErrorTypes.Timeout, $"{call.Resource} did not finish within its timeout of {limit.TotalSeconds:0.###} s.");
            }

            await attempt.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            return ResourceOutcome.Success(await work.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskResourceException ex)
        {
            return ResourceOutcome.Failure(ex.ErrorType, ex.Message);
        }
        catch (Exception ex)
        {
            return ResourceOutcome.Failure(ErrorTypes.TaskFailed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static async Task<JsonObject?> RunUnguardedAsync(ResourceCall call, TimeProvider time, double timeScale, CancellationToken cancellationToken)
    {
        if (call.Services.GetRequiredService<TaskResources>().Find(call.Resource) is { } handler)
        {
            return await handler.RunAsync(call, cancellationToken).ConfigureAwait(false);
        }

        var settings = MockResource.SettingsOf(call.MockSettings, call.Resource);
        var attempt = call.Attempt;
        if (MockResource.CountsAttempts(settings))
        {
            attempt += await EarlierAttemptsAsync(call, cancellationToken).ConfigureAwait(false);
        }

        return await MockResource.RunAsync(call.Resource, settings, attempt, time, timeScale, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Attempts other Tasks of the execution already made with this resource: the engine's task rows are the count.</summary>
    private static async Task<int> EarlierAttemptsAsync(ResourceCall call, CancellationToken cancellationToken)
    {
        var tasks = await call.Services.GetRequiredService<IWorkflowStore>().ListTasksAsync(call.ExecutionId, cancellationToken).ConfigureAwait(false);
        var earlier = 0;
        foreach (var task in tasks)
        {
            if (task.IdempotencyKey != call.IdempotencyKey && JsonNode.Parse(task.Input)?["resource"]?.ToString() == call.Resource)
            {
                earlier += task.Attempts;
            }
        }

        return earlier;
    }
}
